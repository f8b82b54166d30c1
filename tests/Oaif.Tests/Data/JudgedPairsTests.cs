using System.Text.Json.Nodes;
using Oaif.Annotators;
using Oaif.Data;

namespace Oaif.Tests.Data;

/// <summary>A pairs.jsonl written by an online run loads as a preference set as it is: decided lines
/// become pairs, tie and invalid lines are skipped and counted, and nothing else is forgiven.</summary>
public class JudgedPairsTests
{
    static string Line(string prompt, string first, string second, Judgement judgement, int step)
    {
        var request = new JudgeRequest(prompt, first, second);
        var pair = AnnotatedPair.From(request, judgement, "rule:longer", step);
        var node = JsonNode.Parse(AnnotatedPairWriter.ToJsonLine(pair))!.AsObject();
        node["prompt_ids"] = new JsonArray(1, 7, 9);      // the online trainer's replay fields ride along
        node["decided_by"] = "annotator";
        return node.ToJsonString();
    }

    static readonly string[] Lines =
    [
        Line("Q1", "a", "b", Judgement.FromProbability(0.5), 0),                 // tie first: still detected
        Line("Q2", "short", "longer", Judgement.FromVerdict(Verdict.Second, 0.1), 0),
        Line("Q3", "x", "y", Judgement.Invalid("no label in the answer"), 1),
        Line("Q4", "won", "lost", Judgement.FromVerdict(Verdict.First, 0.9), 1),
    ];

    [Fact]
    public void DecidedLinesArePairsAndUndecidedOnesAreCountedWithoutSkipBadRows()
    {
        var data = DatasetLoader.LoadPreferences(DataFiles.Jsonl(Lines));

        Assert.Equal(DatasetFormat.JudgedPairs, data.Report.Format);
        Assert.Equal([new("Q2", "longer", "short", 2), new PreferenceExample("Q4", "won", "lost", 4)],
            data.Rows);
        Assert.Equal((4, 2, 2), (data.Report.RowsRead, data.Report.RowsUsed, data.Report.RowsSkipped));
        Assert.Equal(2, data.Report.SkipReasons["undecided verdict"]);
    }

    [Fact]
    public void StatsDetectsAPairsFileAsPreferences()
    {
        var report = DatasetLoader.Inspect(DataFiles.Jsonl(Lines), null, new DatasetOptions());
        Assert.Equal((DatasetKind.Preference, 2), (report.Kind, report.RowsUsed));
    }

    [Theory]
    [InlineData("{\"prompt\": \"Q\", \"first\": \"a\", \"second\": \"b\", \"verdict\": \"first\"}",
        ":5: missing field 'chosen'")]
    [InlineData("{\"prompt\": \"Q\", \"first\": \"a\", \"second\": \"b\", \"verdict\": \"maybe\"}",
        ":5: field 'verdict' must be first, second, tie or invalid")]
    [InlineData("{\"prompt\": \"Q\", \"first\": \"a\"", ":5: invalid JSON")]
    public void AMalformedLineStillStopsTheLoad(string bad, string expected)
    {
        string path = DataFiles.Jsonl([.. Lines, bad]);
        var error = Assert.Throws<OaifException>(() => DatasetLoader.LoadPreferences(path));
        Assert.Contains(path + expected, error.Message);
    }

    [Fact]
    public void AFileOfOnlyTiesSaysWhyNothingIsUsable()
    {
        string path = DataFiles.Jsonl(Lines[0], Lines[2]);
        var error = Assert.Throws<OaifException>(() => DatasetLoader.LoadPreferences(path));
        Assert.Contains("none of 2 rows is usable (undecided verdict: 2)", error.Message);
    }
}
