using System.CommandLine;
using Oaif.Cli.Commands;
using Oaif.Data;
using Oaif.Tests.Support;

namespace Oaif.Tests.Data;

/// <summary>The Anthropic HH-RLHF harmless-base test split from ../shared. The expected numbers were
/// measured once and cross-checked with an independent Python split at the last "\n\nAssistant:".</summary>
public class HhRlhfTests
{
    const int Pairs = 2312;
    static readonly int[] MismatchLines = { 1255, 1689, 1951, 1953, 2037 };

    static void SkipWithoutData() => Skip.IfNot(File.Exists(TestPaths.HhRlhf),
        $"{TestPaths.HhRlhf} is absent (../shared not checked out)");

    [SkippableFact]
    public void LoadsAllPairsWithPromptsEndingAtTheAssistantCue()
    {
        SkipWithoutData();
        var data = DatasetLoader.LoadPreferences(TestPaths.HhRlhf);

        Assert.Equal(DatasetFormat.HhTranscript, data.Report.Format);
        Assert.Equal(Pairs, data.Rows.Count);
        var report = data.Report;
        Assert.Equal((Pairs, Pairs, 0), (report.RowsRead, report.RowsUsed, report.RowsSkipped));
        Assert.All(data.Rows, r => Assert.EndsWith("\n\nAssistant:", r.Prompt));
        Assert.All(data.Rows, r => Assert.StartsWith("\n\nHuman:", r.Prompt));
        Assert.Equal(MismatchLines.Length, data.Report.PrefixMismatches);
        Assert.Equal(MismatchLines, data.Report.PrefixMismatchLines);
    }

    [SkippableFact]
    public void DroppingMismatchesSkipsExactlyThose()
    {
        SkipWithoutData();
        var options = new DatasetOptions { DropPrefixMismatches = true };
        var data = DatasetLoader.LoadPreferences(TestPaths.HhRlhf, options);
        Assert.Equal(Pairs - MismatchLines.Length, data.Rows.Count);
        Assert.DoesNotContain(data.Rows, r => MismatchLines.Contains(r.Line));
    }

    [SkippableFact]
    public void DataStatsCommandPrintsTheSameNumbers()
    {
        SkipWithoutData();
        var output = new StringWriter();
        var root = new RootCommand { DataCommand.Create() };
        int exit = root.Parse(new[] { "data", "stats", TestPaths.HhRlhf })
            .Invoke(new InvocationConfiguration { Output = output, EnableDefaultExceptionHandler = false });

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        var r = json.RootElement;
        Assert.Equal("preference", r.GetProperty("kind").GetString());
        Assert.Equal(Pairs, r.GetProperty("rows_read").GetInt32());
        Assert.Equal(Pairs, r.GetProperty("rows_used").GetInt32());
        Assert.Equal(0, r.GetProperty("rows_skipped").GetInt32());
        Assert.Equal(MismatchLines.Length, r.GetProperty("prefix_mismatches").GetInt32());
    }
}
