using System.Text.RegularExpressions;

namespace Oaif.Quickstart;

/// <summary>
/// Reads the key facts back out of a quickstart report, so the built-in judge needs nothing but the
/// prompt text, like any other judge. The three fact sentences have fixed shapes; distractor sentences
/// never match them.
/// </summary>
public static partial class ReportReader
{
    [GeneratedRegex(@"On (\w+), (\w+) (\w+) some (\w+)\.")]
    private static partial Regex WhoWhatWhen();

    [GeneratedRegex(@"They went to (\w+)\.")]
    private static partial Regex Where();

    [GeneratedRegex(@"There were (\d+) of them\.")]
    private static partial Regex HowMany();

    /// <summary>The key facts of the report in <paramref name="prompt"/>, or null if it is not one.</summary>
    public static KeyFacts? TryRead(string prompt)
    {
        var who = WhoWhatWhen().Match(prompt);
        var where = Where().Match(prompt);
        var howMany = HowMany().Match(prompt);
        if (!who.Success || !where.Success || !howMany.Success) return null;
        return new KeyFacts(who.Groups[2].Value, who.Groups[3].Value, int.Parse(howMany.Groups[1].Value),
            who.Groups[4].Value, where.Groups[1].Value, who.Groups[1].Value);
    }
}
