using System.CommandLine;
using System.Text.Json;
using Oaif.Annotators;
using Oaif.Cli.Commands;
using Oaif.Evaluation;
using Oaif.Model;
using Oaif.Tests.Serving;
using Oaif.Tests.Support;

namespace Oaif.Tests.Evaluation;

public class EvaluatorTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    // Eleven prompts with a rule judge that prefers the shorter text: p0-p5 the candidate is shorter
    // (win), p6-p7 equal length (tie), p8-p9 longer (loss), p10 the judge refuses (invalid).
    static readonly string[] Prompts = Enumerable.Range(0, 11).Select(i => $"p{i}").ToArray();

    static string CandidateText(string p) => p switch
    {
        "p6" or "p7" => "cc",
        "p8" or "p9" => "eeee ee",
        _ => "a",
    };

    static string BaselineText(string p) => p switch
    {
        "p6" or "p7" => "dd",
        "p8" or "p9" => "f",
        _ => "bb b",
    };

    static IAnnotator ShorterExceptP10()
    {
        var rule = RuleJudge.Shorter();
        return new DelegateAnnotator("test:shorter", (r, ct) => r.Prompt == "p10"
            ? Task.FromResult(Judgement.Invalid("refused"))
            : rule.JudgeAsync(r, ct));
    }

    Task<EvaluationReport> Evaluate() => new Evaluator(ShorterExceptP10(), tiny.Tokenizer)
        .EvaluateAsync(Prompts, new FixedResponseSource("cand", CandidateText),
            new FixedResponseSource("base", BaselineText));

    [Fact]
    public async Task CountsAreKnownAndIntervalsAreTheHandComputedWilsonBounds()
    {
        var report = await Evaluate();
        Assert.Equal(new WinTieLoss(6, 2, 2, 1), report.Outcome);

        // Wilson 95% (z = 1.96) worked by hand for n = 10 judged pairs, e.g. 6/10:
        // centre = (0.6 + 0.19208) / 1.38415 = 0.57224,
        // half = 1.96 * sqrt(0.024 + 0.009604) / 1.38415 = 0.25957.
        AssertShare(report.Wins, 0.6, 0.3127, 0.8318);
        AssertShare(report.Ties, 0.2, 0.0567, 0.5098);
        AssertShare(report.Losses, 0.2, 0.0567, 0.5098);
        AssertShare(report.WinRate, 0.7, 0.3968, 0.8922); // (6 + 2/2) / 10

        // Words: candidate nine 1-word texts and two 2-word ones; baseline seven 2-word and four 1-word.
        Assert.Equal(13 / 11.0, report.CandidateStats.MeanWords, 9);
        Assert.Equal(1, report.CandidateStats.MedianWords);
        Assert.Equal(18 / 11.0, report.BaselineStats.MeanWords, 9);
        Assert.Equal(2, report.BaselineStats.MedianWords);
        Assert.Null(report.CandidateStats.EosRate);
        Assert.Equal(Verdict.Invalid, report.Pairs[10].Verdict);
        Assert.Equal("test:shorter", report.Judge);
    }

    static void AssertShare(Share share, double value, double low, double high)
    {
        Assert.Equal(value, share.Value, 9);
        Assert.Equal(low, share.Interval95.Low, 4);
        Assert.Equal(high, share.Interval95.High, 4);
    }

    [Fact]
    public async Task BothFilesAreWrittenAndParse()
    {
        var report = await Evaluate();
        string dir = TestPaths.NewTempDir("eval");
        EvaluationWriter.Write(report, dir);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, EvaluationWriter.JsonFile)));
        var root = json.RootElement;
        Assert.Equal(6, root.GetProperty("outcome").GetProperty("wins").GetInt32());
        Assert.Equal(1, root.GetProperty("outcome").GetProperty("invalid").GetInt32());
        Assert.Equal(0.3968,
            root.GetProperty("win_rate").GetProperty("interval95").GetProperty("low").GetDouble(), 4);
        Assert.Equal(11, root.GetProperty("pairs").GetArrayLength());
        Assert.Equal("Invalid", root.GetProperty("pairs")[10].GetProperty("verdict").GetString());
        string md = File.ReadAllText(Path.Combine(dir, EvaluationWriter.MarkdownFile));
        Assert.Contains("| win | 6 | 0.600 | [0.313, 0.832] |", md);
        Assert.Contains("| invalid (dropped) | 1 |", md);
        Assert.Contains("### 1. candidate wins", md);
    }

    [Fact]
    public async Task ModelResponsesCarryTheirEosRate()
    {
        int eos = tiny.Tokenizer.EosId!.Value, a = tiny.IdOf("A");
        using var stops = tiny.Constant(new Dictionary<int, double> { [eos] = 20 });
        using var rambles = tiny.Constant(new Dictionary<int, double> { [a] = 20 });
        var generation = new GenerationOptions { Temperature = 0, MaxNewTokens = 4, StopTokenIds = [eos] };
        var report = await new Evaluator(RuleJudge.Longer(), tiny.Tokenizer).EvaluateAsync(["x", "y", "z"],
            new ModelResponseSource("rambles", rambles, tiny.Tokenizer, generation, batchSize: 2),
            new ModelResponseSource("stops", stops, tiny.Tokenizer, generation));
        Assert.Equal(new WinTieLoss(3, 0, 0), report.Outcome);
        Assert.All(report.Pairs, p => Assert.Equal(("AAAA", ""), (p.Candidate, p.Baseline)));
        Assert.Equal((0.0, 1.0), (report.CandidateStats.EosRate, report.BaselineStats.EosRate));
        Assert.Equal(0, report.BaselineStats.MeanTokens);
    }

    [Fact]
    public async Task ResponsesFileIsMatchedByPromptAndBadLinesNameTheLine()
    {
        string dir = TestPaths.NewTempDir("eval");
        string good = Path.Combine(dir, "good.jsonl");
        File.WriteAllLines(good, ["""{"prompt":"q2","response":"two"}""",
            """{"prompt":"q1","response":"one"}"""]);
        var read = await FixedResponseSource.FromJsonl(good).RespondAsync(["q1", "q2"]);
        Assert.Equal(["one", "two"], read.Select(r => r.Text));
        var missing = await Assert.ThrowsAsync<OaifException>(
            () => FixedResponseSource.FromJsonl(good).RespondAsync(["q3"]));
        Assert.Contains("good.jsonl: no response for prompt 1", missing.Message);

        string bad = Path.Combine(dir, "bad.jsonl");
        File.WriteAllLines(bad, ["""{"prompt":"q1","response":"one"}""", """{"prompt":"q2"}"""]);
        var error = Assert.Throws<OaifException>(() => FixedResponseSource.FromJsonl(bad));
        Assert.Contains("bad.jsonl:2: field 'response' must be a string", error.Message);
    }

    [Fact]
    public async Task TheCommandEvaluatesAModelAgainstAResponsesFile()
    {
        string dir = TestPaths.NewTempDir("eval-cmd");
        string modelDir = Path.Combine(dir, "cand");
        using (var model = tiny.Constant(new Dictionary<int, double> { [tiny.IdOf("A")] = 20 }))
            model.Save(modelDir);
        string prompts = Path.Combine(dir, "prompts.jsonl");
        File.WriteAllLines(prompts, ["""{"prompt":"q1"}""", """{"prompt":"q2"}""", """{"prompt":"q3"}"""]);
        string responses = Path.Combine(dir, "base.jsonl");
        File.WriteAllLines(responses, ["""{"prompt":"q1","response":"A"}""",
            """{"prompt":"q2","response":"B"}""",
            """{"prompt":"q3","response":"a much longer answer"}"""]);
        var output = new StringWriter();
        var root = new RootCommand("test") { EvaluateCommand.Create(output) };
        int exit = await root.Parse(["evaluate", "--candidate", modelDir, "--tokenizer", tiny.TokenizerPath,
                "--baseline-responses", responses, "--prompts", prompts, "--judge", "rule:shorter",
                "--max-new-tokens", "2", "--out", Path.Combine(dir, "out")])
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

        // The candidate always says "AA": longer than "A" and "B", shorter than the long answer.
        Assert.Equal(0, exit);
        Assert.Contains("| win | 1 |", output.ToString());
        Assert.Contains("| loss | 2 |", output.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "out", EvaluationWriter.MarkdownFile)));
    }

    [Fact]
    public async Task AnEvaluationWithoutAValidVerdictFailsAfterWritingItsFiles()
    {
        await using var server = await Oaif.Tests.Annotators.FakeJudgeServer.StartAsync(_ =>
            Oaif.Tests.Annotators.FakeJudgeServer.Completion("Neither"));
        string dir = TestPaths.NewTempDir("eval-invalid");
        string modelDir = Path.Combine(dir, "cand");
        using (var model = tiny.Constant(new Dictionary<int, double> { [tiny.IdOf("A")] = 20 }))
            model.Save(modelDir);
        string prompts = Path.Combine(dir, "prompts.jsonl");
        File.WriteAllLines(prompts, ["""{"prompt":"q1"}""", """{"prompt":"q2"}"""]);
        string responses = Path.Combine(dir, "base.jsonl");
        File.WriteAllLines(responses,
            ["""{"prompt":"q1","response":"A"}""", """{"prompt":"q2","response":"B"}"""]);
        var root = new RootCommand("test") { EvaluateCommand.Create(new StringWriter()) };
        var error = await Assert.ThrowsAsync<OaifException>(() => root.Parse(["evaluate", "--candidate",
                modelDir, "--tokenizer", tiny.TokenizerPath, "--baseline-responses", responses,
                "--prompts", prompts,
                "--judge", "openai", "--judge-endpoint", server.Endpoint.ToString(), "--judge-model", "fake",
                "--max-new-tokens", "2", "--out", Path.Combine(dir, "out")])
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));

        Assert.Matches(
            "^evaluate: no valid verdict; all 2 comparisons were invalid, most often: .+ \\(2 of 2\\)$",
            error.Message);
        Assert.True(File.Exists(Path.Combine(dir, "out", EvaluationWriter.JsonFile)));
    }

    [Fact]
    public async Task TheEvaluateBudgetCapsWhatReachesTheJudge()
    {
        await using var server = await Oaif.Tests.Annotators.FakeJudgeServer.StartAsync(_ =>
            Oaif.Tests.Annotators.FakeJudgeServer.Completion("A"));
        string dir = TestPaths.NewTempDir("eval-budget");
        string modelDir = Path.Combine(dir, "cand");
        using (var model = tiny.Constant(new Dictionary<int, double> { [tiny.IdOf("A")] = 20 }))
            model.Save(modelDir);
        string prompts = Path.Combine(dir, "prompts.jsonl");
        File.WriteAllLines(prompts, Enumerable.Range(1, 4).Select(i => $$"""{"prompt":"q{{i}}"}"""));
        string responses = Path.Combine(dir, "base.jsonl");
        File.WriteAllLines(responses,
            Enumerable.Range(1, 4).Select(i => $$"""{"prompt":"q{{i}}","response":"B"}"""));
        var output = new StringWriter();
        var root = new RootCommand("test") { EvaluateCommand.Create(output) };
        int exit = await root.Parse(["evaluate", "--candidate", modelDir, "--tokenizer", tiny.TokenizerPath,
                "--baseline-responses", responses, "--prompts", prompts, "--judge", "openai",
                "--judge-endpoint", server.Endpoint.ToString(), "--judge-model", "fake",
                "--judge-max-requests", "3", "--judge-timeout", "5", "--judge-concurrency", "1",
                "--max-new-tokens", "2", "--out", Path.Combine(dir, "out")])
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

        // 4 prompts × 2 orders would be 8 requests; the budget lets 3 through, the rest are Invalid.
        Assert.Equal(0, exit);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("invalid", output.ToString());
    }
}
