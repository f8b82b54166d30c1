using System.CommandLine;
using System.Text.Json;
using Oaif.Cli.Commands;

namespace Oaif.Tests.Data;

/// <summary>The <c>oaif data stats</c> verb, run in-process.</summary>
public class DataCommandTests
{
    static (int Exit, string Output, IReadOnlyList<string> Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var parse = new RootCommand { DataCommand.Create() }.Parse(args);
        if (parse.Errors.Count > 0) return (-1, "", parse.Errors.Select(e => e.Message).ToList());
        int exit = parse.Invoke(
            new InvocationConfiguration { Output = output, EnableDefaultExceptionHandler = false });
        return (exit, output.ToString(), []);
    }

    [Fact]
    public void HelpListsTheKindsInLowerCase()
    {
        var (exit, help, _) = Run("data", "stats", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--kind <prompts|sft|preference>", help);
    }

    [Theory]
    [InlineData("sft", "sft")]
    [InlineData("SFT", "sft")]
    [InlineData("Prompts", "prompts")]
    public void KindIsAcceptedInAnyCase(string given, string reported)
    {
        string path = DataFiles.Jsonl("{\"prompt\": \"2+2=\", \"completion\": \"4\"}");
        var (exit, output, errors) = Run("data", "stats", path, "--kind", given);
        Assert.Empty(errors);
        Assert.Equal(0, exit);
        Assert.Equal(reported, JsonDocument.Parse(output).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void AnUnknownKindNamesTheAcceptedValues()
    {
        var (_, _, errors) = Run("data", "stats", "unused.jsonl", "--kind", "pairs");
        Assert.Contains(errors, e => e.Contains("'pairs'") && e.Contains("prompts, sft, preference"));
    }
}
