using System.Text.Json;
using Oaif.Annotators;
using Oaif.Tests.Support;
using Oaif.Training;

namespace Oaif.Tests.Training;

/// <summary>online.pipeline: judging of step t+1 overlaps the update of step t.</summary>
[Collection(Oaif.Tests.Benchmarks.SerialTorchCollection.Name)]
public class OnlinePipelineTests
{
    /// <summary>Prefers the longer response, the first on equal length: never a tie.</summary>
    static readonly DelegateAnnotator NeverTies = new("longer-or-first", (r, _) =>
        Task.FromResult(Judgement.FromProbability(r.First.Length >= r.Second.Length ? 1 : 0)));

    static TrainingConfig Pipelined(TrainingConfig c) =>
        c with { Online = c.Online with { Pipeline = true } };

    static List<JsonElement> Metrics(string runDir) => OfflineDapTrainerTests.Metrics(runDir);

    static int[] Staleness(string runDir) => Metrics(runDir)
        .Select(m => m.GetProperty(OnlineMetricKeys.StalenessSteps).GetInt32()).ToArray();

    static string[] Keys(JsonElement m) => m.EnumerateObject().Select(p => p.Name).Order().ToArray();

    [Fact]
    public async Task PipelinedRunWritesTheSameKeysAndRecordsStalenessOne()
    {
        var prompts = OnlineToy.Prompts(16, seed: 6);
        var config = OnlineToy.Config(5, 4, saveEvery: 3);
        var sequentialDir = TestPaths.NewTempDir();
        using (var policy = OnlineToy.Model(seed: 6))
            await OnlineDapTrainer.TrainAsync(policy, OnlineToy.Tokenizer, prompts, NeverTies, config,
                sequentialDir);
        var pipelinedDir = TestPaths.NewTempDir();
        using (var policy = OnlineToy.Model(seed: 6))
            await OnlineDapTrainer.TrainAsync(policy, OnlineToy.Tokenizer, prompts, NeverTies,
                Pipelined(config), pipelinedDir);

        Assert.Equal(Metrics(sequentialDir).Select(Keys), Metrics(pipelinedDir).Select(Keys));
        Assert.Equal([0, 0, 0, 0, 0], Staleness(sequentialDir));
        // step 1 has nothing ahead of it; step 4 follows the checkpoint at 3, which is not looked across
        Assert.Equal([0, 1, 1, 0, 1], Staleness(pipelinedDir));
        Assert.All(Metrics(pipelinedDir), m => Assert.True(
            m.GetProperty(OnlineMetricKeys.AnnotateWaitSeconds).GetDouble() >= 0));
    }

    /// <summary>
    /// Counts the steps reported when each judge call arrives. Pipelined, step s is judged while step
    /// s−1 trains, so only s−2 steps have been reported; sequential, s−1 have.
    /// </summary>
    sealed class StepWitness : IProgress<TrainingProgress>
    {
        public int Reported;
        public readonly List<(string Prompt, int Reported)> Calls = [];

        public void Report(TrainingProgress value) => Reported = value.Step;

        public DelegateAnnotator Annotator() => new("witness", (r, _) =>
        {
            lock (Calls) Calls.Add((r.Prompt, Reported));
            return Task.FromResult(Judgement.FromProbability(r.First.Length >= r.Second.Length ? 1 : 0));
        });
    }

    [Fact]
    public async Task NextStepIsJudgedBeforeTheCurrentUpdateEnds()
    {
        var prompts = OnlineToy.Prompts(8, seed: 7);
        var witness = new StepWitness();
        using var policy = OnlineToy.Model(seed: 7);
        var runDir = TestPaths.NewTempDir();
        await OnlineDapTrainer.TrainAsync(policy, OnlineToy.Tokenizer, prompts, witness.Annotator(),
            Pipelined(OnlineToy.Config(4, 2)), runDir, hooks: new TrainingHooks { Progress = witness });

        // one comparison per prompt, 2 prompts per step: calls 2(s−1) and 2(s−1)+1 belong to step s
        var reportedAtCall = witness.Calls.Select(c => c.Reported).ToArray();
        Assert.Equal([0, 0, 0, 0, 1, 1, 2, 2], reportedAtCall);
        Assert.Equal([0, 1, 1, 1], Staleness(runDir));
    }

    /// <summary>Letters a–m: the judge prefers the response with more of them.</summary>
    static bool IsTarget(char c) => c is >= 'a' and <= 'm';

    static readonly DelegateAnnotator MoreEarlyLetters = new("early-letters", (r, _) =>
        Task.FromResult(Judgement.FromProbability(
            r.First.Count(IsTarget) >= r.Second.Count(IsTarget) ? 1 : 0)));

    /// <summary>Per step, the share of sampled characters that are a–m (token ids 3–15).</summary>
    static double[] TargetShare(string runDir) =>
        File.ReadLines(Path.Combine(runDir, OnlinePairsFile.FileName))
        .Select(l => JsonDocument.Parse(l).RootElement)
        .GroupBy(e => e.GetProperty("step").GetInt32())
        .Select(g => g.SelectMany(e => e.GetProperty("first_ids").EnumerateArray()
                .Concat(e.GetProperty("second_ids").EnumerateArray()))
            .Select(id => id.GetInt32()).Where(id => id >= 3).Average(id => id <= 15 ? 1.0 : 0.0))
        .ToArray();

    [Fact]
    public async Task PipelinedRunLearnsTheJudgesPreference()
    {
        var prompts = OnlineToy.Prompts(32, seed: 8);
        var toy = OnlineToy.Config(20, 8);
        var config = Pipelined(toy with { Trainer = toy.Trainer with { LearningRate = 1e-2 } });
        using var policy = OnlineToy.Model(seed: 8);
        var runDir = TestPaths.NewTempDir();
        await OnlineDapTrainer.TrainAsync(policy, OnlineToy.Tokenizer, prompts, MoreEarlyLetters, config,
            runDir);

        var share = TargetShare(runDir);
        double first = share.Take(3).Average(), last = share.TakeLast(3).Average();
        Assert.True(last > first + 0.1, $"a–m share {first:F2} -> {last:F2}: " +
            string.Join(" ", share.Select(x => x.ToString("F2"))));
    }

    sealed class CancelAfter(int step, CancellationTokenSource cts) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step) cts.Cancel();
        }
    }

    [Fact]
    public async Task InterruptedPipelinedRunResumesToTheUninterruptedResult()
    {
        var prompts = OnlineToy.Prompts(12, seed: 9);
        var config = Pipelined(OnlineToy.Config(6, 4, saveEvery: 2));
        var straightDir = TestPaths.NewTempDir();
        using var straight = OnlineToy.Model(seed: 9);
        await OnlineDapTrainer.TrainAsync(straight, OnlineToy.Tokenizer, prompts, RuleJudge.Longer(), config,
            straightDir);

        // cancelled after step 3, while step 4 was being judged ahead; resumes from checkpoint-2
        var runDir = TestPaths.NewTempDir();
        using var cts = new CancellationTokenSource();
        using var interrupted = OnlineToy.Model(seed: 9);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OnlineDapTrainer.TrainAsync(interrupted,
            OnlineToy.Tokenizer, prompts, RuleJudge.Longer(), config, runDir,
            hooks: new TrainingHooks { Progress = new CancelAfter(3, cts) }, ct: cts.Token));
        using var reference = OnlineToy.Model(seed: 9);
        var resumed = await OnlineDapTrainer.ResumeAsync(runDir, p => Oaif.Model.ModelLoader.Load(p),
            reference, OnlineToy.Tokenizer, prompts, RuleJudge.Longer());
        using var resumedPolicy = resumed.Policy;

        var diff = OnlineToy.MaxDifference(straight, resumedPolicy);
        Assert.True(diff <= 1e-6, $"max |Δθ| = {diff}");
        Assert.Equal(Staleness(straightDir), Staleness(runDir));
        Assert.Equal(File.ReadAllLines(Path.Combine(straightDir, OnlinePairsFile.FileName)),
            File.ReadAllLines(Path.Combine(runDir, OnlinePairsFile.FileName)));
    }

    [Fact]
    public void ConfigKeyOnlinePipelineTurnsItOn()
    {
        Assert.False(ConfigLoader.Parse("online: {}", "test").Online.Pipeline);
        Assert.True(ConfigLoader.Parse("online:\n  pipeline: true", "test").Online.Pipeline);
        var e = Assert.Throws<OaifException>(() => ConfigLoader.Parse("online:\n  pipeline: soon", "test"));
        Assert.Contains("online.pipeline", e.Message);
    }
}
