using System.Text.Json;
using Oaif.Annotators;
using Oaif.Data;
using Oaif.Tests.Support;
using Oaif.Training;

namespace Oaif.Tests.Training;

public class OnlineDapTrainerTests
{
    static readonly DelegateAnnotator Throwing = new("throws", (_, _) =>
        throw new InvalidOperationException("the annotator must not be called"));

    /// <summary>Invalid for prompts starting a-f, Tie for g-m, else prefers the longer response.</summary>
    static readonly DelegateAnnotator Mixed = new("mixed", (r, _) => Task.FromResult(r.Prompt[0] switch
    {
        <= 'f' => Judgement.Invalid("scripted invalid"),
        <= 'm' => Judgement.FromProbability(0.5),
        _ => Judgement.FromProbability(r.First.Length >= r.Second.Length ? 1 : 0),
    }));

    internal static List<JsonElement> Metrics(string runDir) => OfflineDapTrainerTests.Metrics(runDir);

    static List<JsonElement> PairLines(string runDir) =>
        File.ReadLines(Path.Combine(runDir, OnlinePairsFile.FileName))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task PairsFileLoadsAsPreferencesAndTiesAndInvalidNeverBecomePairs()
    {
        var runDir = TestPaths.NewTempDir();
        using var policy = OnlineToy.Model(seed: 1);
        var prompts = OnlineToy.Prompts(24, seed: 1);
        await OnlineDapTrainer.TrainAsync(policy, OnlineToy.Tokenizer, prompts, Mixed, OnlineToy.Config(3, 8),
            runDir);

        var lines = PairLines(runDir);
        string Verdict(JsonElement e) => e.GetProperty("verdict").GetString()!;
        int invalid = lines.Count(l => Verdict(l) == "invalid"), ties = lines.Count(l => Verdict(l) == "tie");
        var decided = lines.Where(l => Verdict(l) is "first" or "second").ToList();
        Assert.Equal(24, lines.Count);                                   // 3 steps × 8 prompts × 1 pair
        Assert.True(invalid > 0 && ties > 0 && decided.Count > 0, $"{invalid} {ties} {decided.Count}");
        Assert.All(lines.Where(l => Verdict(l) is "invalid" or "tie"), l =>
            Assert.False(l.TryGetProperty("chosen", out _)));

        // metrics count what was dropped; only decided comparisons became pairs
        var metrics = Metrics(runDir);
        double Sum(string key, Func<JsonElement, double>? weight = null) =>
            metrics.Sum(m => m.GetProperty(key).GetDouble() * (weight?.Invoke(m) ?? 1));
        double comparisons(JsonElement m) => m.GetProperty(OnlineMetricKeys.Comparisons).GetDouble();
        Assert.Equal(invalid, Sum(OnlineMetricKeys.InvalidRate, comparisons), 6);
        Assert.Equal(ties, Sum(OnlineMetricKeys.TieRate, comparisons), 6);
        Assert.Equal(decided.Count, Sum(OnlineMetricKeys.Pairs), 6);

        // the Data loader reads it as a preference set: decided lines used, the others skipped and counted
        var set = DatasetLoader.LoadPreferences(Path.Combine(runDir, OnlinePairsFile.FileName),
            new DatasetOptions { SkipBadRows = true });
        Assert.Equal(decided.Count, set.Rows.Count);
        Assert.Equal(invalid + ties, set.Report.RowsRead - set.Report.RowsUsed);
        Assert.Equal(decided.Select(d => d.GetProperty("chosen").GetString()),
            set.Rows.Select(r => r.Chosen));
        Assert.All(set.Rows.Zip(decided), x => Assert.Equal(x.Second.GetProperty("prompt").GetString(),
            x.First.Prompt));
    }

    [Fact]
    public async Task ReplayReproducesTheUpdatesWithoutCallingTheAnnotator()
    {
        var prompts = OnlineToy.Prompts(16, seed: 2);
        var config = OnlineToy.Config(4, 4);
        var liveDir = TestPaths.NewTempDir();
        using var live = OnlineToy.Model(seed: 2);
        await OnlineDapTrainer.TrainAsync(live, OnlineToy.Tokenizer, prompts, RuleJudge.Longer(), config,
            liveDir);

        var replayDir = TestPaths.NewTempDir();
        using var replayed = OnlineToy.Model(seed: 2);
        var replayConfig = config with
        {
            Online = config.Online with { ReplayFrom = Path.Combine(liveDir, OnlinePairsFile.FileName) },
        };
        await OnlineDapTrainer.TrainAsync(replayed, OnlineToy.Tokenizer, [], Throwing, replayConfig,
            replayDir);

        var diff = OnlineToy.MaxDifference(live, replayed);
        Assert.True(diff <= 1e-6, $"max |Δθ| = {diff}");
        using var start = OnlineToy.Model(seed: 2);
        Assert.True(OnlineToy.MaxDifference(live, start) > 1e-4, "training changed nothing");
        double Loss(JsonElement m) =>
            m.TryGetProperty(MetricKeys.Loss, out var v) ? v.GetDouble() : double.NaN;
        Assert.Equal(Metrics(liveDir).Select(Loss), Metrics(replayDir).Select(Loss));
        Assert.Equal(File.ReadAllLines(Path.Combine(liveDir, OnlinePairsFile.FileName)),
            File.ReadAllLines(Path.Combine(replayDir, OnlinePairsFile.FileName)));
    }

    sealed class CancelAfter(int step, CancellationTokenSource cts) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step) cts.Cancel();
        }
    }

    [Fact]
    public async Task InterruptedThenResumedRunEqualsUninterruptedRun()
    {
        var prompts = OnlineToy.Prompts(12, seed: 3);
        var config = OnlineToy.Config(6, 4, saveEvery: 2);
        var straightDir = TestPaths.NewTempDir();
        using var straight = OnlineToy.Model(seed: 3);
        await OnlineDapTrainer.TrainAsync(straight, OnlineToy.Tokenizer, prompts, RuleJudge.Longer(), config,
            straightDir);

        // cancelled after step 5: the last checkpoint is 4, so step 5's metrics and pairs get cut back
        var runDir = TestPaths.NewTempDir();
        using var cts = new CancellationTokenSource();
        using var interrupted = OnlineToy.Model(seed: 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OnlineDapTrainer.TrainAsync(interrupted,
            OnlineToy.Tokenizer, prompts, RuleJudge.Longer(), config, runDir,
            hooks: new TrainingHooks { Progress = new CancelAfter(5, cts) }, ct: cts.Token));
        Assert.Equal(5, Metrics(runDir).Count);

        using var reference = OnlineToy.Model(seed: 3);
        var resumed = await OnlineDapTrainer.ResumeAsync(runDir, p => Oaif.Model.ModelLoader.Load(p),
            reference,
            OnlineToy.Tokenizer, prompts, RuleJudge.Longer());
        using var resumedPolicy = resumed.Policy;

        Assert.Equal(6, resumed.Steps);
        var diff = OnlineToy.MaxDifference(straight, resumedPolicy);
        Assert.True(diff <= 1e-6, $"max |Δθ| = {diff}");
        Assert.Equal(Enumerable.Range(1, 6), Metrics(runDir).Select(m => m.GetProperty("step").GetInt32()));
        Assert.Equal(File.ReadAllLines(Path.Combine(straightDir, OnlinePairsFile.FileName)),
            File.ReadAllLines(Path.Combine(runDir, OnlinePairsFile.FileName)));
    }
}
