using System.CommandLine;
using Oaif.Cli;

namespace Oaif.Tests.Cli;

public class CliRunnerTests
{
    static RootCommand Root()
    {
        var root = new RootCommand("test");
        var train = new Command("train");
        train.Options.Add(new Option<string>("--model") { Required = true });
        var mode = new Option<string>("--mode");
        mode.AcceptOnlyFromAmong("online", "offline");
        train.Options.Add(mode);
        train.SetAction(_ => 0);
        root.Subcommands.Add(train);
        return root;
    }

    [Theory]
    [InlineData(new[] { "fit" }, "oaif: unrecognized command or option 'fit'; see 'oaif --help'")]
    [InlineData(new[] { "train", "--bogus", "x" },
        "oaif: unrecognized command or option '--bogus' 'x'; see 'oaif --help'")]
    public void AnUnknownWordGivesOneLineAndExitTwo(string[] args, string expected)
    {
        var errors = new StringWriter();
        Assert.Equal(CliRunner.UsageError, CliRunner.Run(Root(), args, errors));
        Assert.Equal(expected, errors.ToString().TrimEnd());
    }

    [Fact]
    public void AMissingRequiredOptionIsNamed()
    {
        var errors = new StringWriter();
        Assert.Equal(CliRunner.UsageError, CliRunner.Run(Root(), ["train"], errors));
        Assert.Contains("--model", errors.ToString());
        Assert.Single(errors.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public void AValueOutsideTheAllowedOnesIsOneLineListingThem()
    {
        var errors = new StringWriter();
        Assert.Equal(CliRunner.UsageError,
            CliRunner.Run(Root(), ["train", "--model", "m", "--mode", "sideways"], errors));
        string line = Assert.Single(errors.ToString().TrimEnd().Split('\n'));
        Assert.Contains("'sideways'", line);
        Assert.Contains("'online' 'offline'", line);
    }
}
