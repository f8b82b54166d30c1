using System.CommandLine;

namespace Oaif.Cli;

/// <summary>
/// Runs the command line and turns the errors users can cause (bad files, bad flags, bad input rows)
/// into one line on stderr and a non-zero exit, instead of a stack trace.
/// </summary>
public static class CliRunner
{
    /// <summary>Exit code for a run that ended because of bad input or a failed step.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    public static int Run(RootCommand root, string[] args, TextWriter? errors = null)
    {
        errors ??= Console.Error;
        var parse = root.Parse(args);
        if (parse.UnmatchedTokens.Count > 0)
        {
            // An unknown word explains every other parse error ("command not provided", "option
            // required"), so it is the one line worth printing.
            string words = string.Join(" ", parse.UnmatchedTokens.Select(t => $"'{t}'"));
            errors.WriteLine($"oaif: unrecognized command or option {words}; see 'oaif --help'");
            return UsageError;
        }
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine lists allowed values on lines of their own; one line per error reads
            // better in logs ("Must be one of: 'online' 'offline'").
            foreach (var error in parse.Errors)
                errors.WriteLine("oaif: " + string.Join(' ', error.Message.Split('\n',
                    StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OaifException e)
        {
            errors.WriteLine($"oaif: {e.Message}");
            return Failure;
        }
        catch (OperationCanceledException)
        {
            errors.WriteLine("oaif: cancelled");
            return 130;
        }
    }
}
