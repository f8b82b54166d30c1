using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

public sealed class AnnotatedPairWriterTests
{
    [Fact]
    public async Task Appends_one_snake_case_line_per_pair_with_chosen_mapped_from_the_verdict()
    {
        var dir = Support.TestPaths.NewTempDir("oaif-pairs");
        var path = Path.Combine(dir, "run", "pairs.jsonl");
        var request = new JudgeRequest("p", "one", "two");
        var second = Judgement.FromProbability(0.25) with
        {
            Latency = TimeSpan.FromMilliseconds(12), Requests = 2,
        };
        await using (var writer = new AnnotatedPairWriter(path))
        {
            await writer.WriteAsync(AnnotatedPair.From(request, second, "rule:x", step: 7));
            await writer.WriteAsync(AnnotatedPair.From(request, Judgement.Invalid("timed out"), "rule:x"));
        }
        await using (var again = new AnnotatedPairWriter(path))   // reopening appends
            await again.WriteAsync(AnnotatedPair.From(request, Judgement.FromProbability(0.5), "rule:x"));

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"verdict\":\"second\"", lines[0]);
        Assert.Contains("\"chosen_side\":\"second\"", lines[0]);
        var first = AnnotatedPairWriter.FromJsonLine(lines[0]);
        Assert.Equal(("two", "one", 0.25, 7L, 12.0), (first.Chosen, first.Rejected, first.ProbabilityFirst,
            first.Step, first.LatencyMs));
        var invalid = AnnotatedPairWriter.FromJsonLine(lines[1]);
        Assert.Equal((Verdict.Invalid, null, null, "timed out"),
            (invalid.Verdict, invalid.Chosen, invalid.ProbabilityFirst, invalid.InvalidReason));
        Assert.Null(AnnotatedPairWriter.FromJsonLine(lines[2]).ChosenSide);   // a tie chooses nothing
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Templates_substitute_once_and_files_are_validated()
    {
        var request = new JudgeRequest("q", "says {second}", "B-text");
        var text = JudgeTemplate.Helpfulness.RenderUser(request, null);
        Assert.Contains("Response A:\nsays {second}", text);
        Assert.DoesNotContain("{instruction}", text);
        Assert.Same(JudgeTemplate.Harmlessness, JudgeTemplate.Load("Harmlessness"));

        var dir = Support.TestPaths.NewTempDir("oaif-template");
        var file = Path.Combine(dir, "mine.txt");
        File.WriteAllText(file, "system: be fair\nPrompt {prompt}\nA: {first}\n");
        var error = Assert.Throws<OaifException>(() => JudgeTemplate.Load(file));
        Assert.Contains("{second}", error.Message);
        File.AppendAllText(file, "B: {second}\n{instruction}");
        Assert.Equal("be fair", JudgeTemplate.Load(file).System);
        Assert.Throws<OaifException>(() => JudgeTemplate.Load(Path.Combine(dir, "absent.txt")));
        Directory.Delete(dir, recursive: true);
    }
}
