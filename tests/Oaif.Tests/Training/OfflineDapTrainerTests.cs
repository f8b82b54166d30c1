using System.Diagnostics;
using System.Text.Json;
using Oaif.Losses;
using Oaif.Tests.Support;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

public class OfflineDapTrainerTests
{
    internal static TrainingConfig Config(int maxSteps, int saveEvery, int evalEvery = 0) => new()
    {
        Trainer = new TrainerOptions
        {
            LearningRate = 1e-2, WarmupSteps = 3, BatchSize = 4, GradientAccumulationSteps = 2,
            MaxSteps = maxSteps, SaveEvery = saveEvery, EvalEvery = evalEvery, KeepLastCheckpoints = 2,
        },
        Loss = new LossOptions { Type = "dpo", Beta = 0.1 },
    };

    internal static List<JsonElement> Metrics(string runDir) =>
        File.ReadLines(Path.Combine(runDir, MetricsLog.FileName))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void OfflineDpoLearnsTheSyntheticPreferenceAndTheMarginGrows()
    {
        var runDir = TestPaths.NewTempDir();
        var train = SyntheticPreferences.Make(160, seed: 1);
        var heldOut = SyntheticPreferences.Make(64, seed: 2);
        using var policy = new TinyCausalLm(SyntheticPreferences.Vocab, seed: 1);
        var log = new StringWriter();

        var clock = Stopwatch.StartNew();
        var result = OfflineDapTrainer.Train(policy, train, Config(40, 0, evalEvery: 10), runDir, heldOut,
            hooks: new TrainingHooks { Log = log });
        clock.Stop();

        var evals = Metrics(runDir).Where(m => m.TryGetProperty("eval/rewards/accuracies", out _)).ToList();
        double Margin(JsonElement m) => m.GetProperty("eval/rewards/margins").GetDouble();
        Assert.Equal(4, evals.Count);
        log.WriteLine(string.Join("\n", evals.Select(e => e.ToString())));
        Assert.True(evals[^1].GetProperty("eval/rewards/accuracies").GetDouble() >= 0.95, log.ToString());
        Assert.True(Margin(evals[^1]) > Margin(evals[0]) && Margin(evals[0]) > 0, log.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.StartsWith("step      1/40 | loss 0.6931 | acc ", log.ToString());
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(runDir, "tensorboard"), "events.out.tfevents*",
            SearchOption.AllDirectories), f => new FileInfo(f).Length > 0);
        Console.WriteLine($"offline DPO: 40 steps in {clock.Elapsed.TotalSeconds:F2} s " +
            $"({result.StepsPerSecond:F1} steps/s)");
    }

    [Fact]
    public void PrecomputedReferenceGivesTheSameFirstStep()
    {
        var train = SyntheticPreferences.Make(16, seed: 3);
        double FirstLoss(bool precompute)
        {
            var runDir = TestPaths.NewTempDir();
            using var policy = new TinyCausalLm(SyntheticPreferences.Vocab, seed: 2);
            var defaults = Config(1, 0);
            var trainer = defaults.Trainer with { PrecomputeReferenceLogProbs = precompute };
            var config = defaults with { Trainer = trainer };
            return OfflineDapTrainer.Train(policy, train, config, runDir).LastMetrics[MetricKeys.Loss];
        }
        Assert.Equal(Math.Log(2), FirstLoss(false), 6);
        Assert.Equal(FirstLoss(false), FirstLoss(true), 6);
    }

    [Fact]
    public void FreshRunRefusesARunDirWithCheckpoints()
    {
        var runDir = TestPaths.NewTempDir();
        var train = SyntheticPreferences.Make(8, seed: 4);
        using var policy = new TinyCausalLm(SyntheticPreferences.Vocab);
        OfflineDapTrainer.Train(policy, train, Config(1, 1), runDir);
        var e = Assert.Throws<OaifException>(
            () => OfflineDapTrainer.Train(policy, train, Config(1, 1), runDir));
        Assert.Contains("checkpoint-1", e.Message);
    }
}
