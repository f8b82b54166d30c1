using Oaif.Tests.Support;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

public class ResumeTests
{
    sealed class CancelAfter(int step, CancellationTokenSource cts) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step) cts.Cancel();
        }
    }

    [Fact]
    public void InterruptedThenResumedRunEqualsUninterruptedRun()
    {
        // 24 examples, 8 per step: 3 steps per epoch, so 12 steps cross three epoch boundaries.
        var train = SyntheticPreferences.Make(24, seed: 5);
        var config = OfflineDapTrainerTests.Config(maxSteps: 12, saveEvery: 4);
        TinyCausalLm Start() => new(SyntheticPreferences.Vocab, seed: 9);

        var straightDir = TestPaths.NewTempDir();
        using var straight = Start();
        OfflineDapTrainer.Train(straight, train, config, straightDir);

        // interrupted after step 10 (last checkpoint: 8), so steps 9-10 are in metrics but not saved
        var runDir = TestPaths.NewTempDir();
        using var cts = new CancellationTokenSource();
        using var interrupted = Start();
        var stopAfterTen = new TrainingHooks { Progress = new CancelAfter(10, cts) };
        Assert.Throws<OperationCanceledException>(() => OfflineDapTrainer.Train(interrupted, train, config,
            runDir, hooks: stopAfterTen, ct: cts.Token));
        Assert.Equal(Enumerable.Range(1, 10), Steps(runDir));

        using var reference = Start();
        var resumed = OfflineDapTrainer.Resume(runDir, TinyCausalLm.Load, reference, train);
        using var resumedPolicy = (TinyCausalLm)resumed.Policy;

        Assert.Equal(12, resumed.Steps);
        Assert.Equal(Enumerable.Range(1, 12), Steps(runDir));
        // TensorBoard too: the interrupted session's events for steps 9-10 were dropped on resume, so
        // across both sessions' event files every step has as many events as in the uninterrupted run.
        Assert.Equal(EventsPerStep(straightDir), EventsPerStep(runDir));
        var diff = MaxDifference(straight, resumedPolicy);
        Assert.True(diff <= 1e-6, $"max |Δθ| = {diff}");
        var kept = Directory.GetDirectories(runDir, "checkpoint-*").Select(Path.GetFileName).Order();
        Assert.Equal(["checkpoint-12", "checkpoint-8"], kept);
    }

    [Theory]
    [InlineData("optimizer.bin", "unreadable optimizer state")]
    [InlineData("rng.bin", "unreadable random generator state")]
    public void ADamagedCheckpointFileIsNamedOnResume(string file, string expected)
    {
        var train = SyntheticPreferences.Make(16, seed: 5);
        var runDir = TestPaths.NewTempDir();
        using (var policy = new TinyCausalLm(SyntheticPreferences.Vocab, seed: 9))
            OfflineDapTrainer.Train(policy, train, OfflineDapTrainerTests.Config(maxSteps: 4, saveEvery: 2),
                runDir);
        string path = Path.Combine(runDir, "checkpoint-4", file);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..10]);

        using var reference = new TinyCausalLm(SyntheticPreferences.Vocab, seed: 9);
        var error = Assert.Throws<OaifException>(() =>
            OfflineDapTrainer.Resume(runDir, TinyCausalLm.Load, reference, train));
        Assert.StartsWith($"{path}: {expected} (", error.Message);
    }

    static List<(long Step, int Events)> EventsPerStep(string runDir) =>
        Directory.GetFiles(Path.Combine(runDir, MetricsLog.TensorBoardDir), "*tfevents*")
            .SelectMany(TensorBoardEvents.ReadSteps).OfType<long>().GroupBy(s => s).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Count())).ToList();

    static IEnumerable<int> Steps(string runDir) =>
        OfflineDapTrainerTests.Metrics(runDir).Select(m => m.GetProperty("step").GetInt32());

    static double MaxDifference(TinyCausalLm a, TinyCausalLm b)
    {
        using var scope = NewDisposeScope();
        return a.parameters().Zip(b.parameters())
            .Max(p => (p.First - p.Second).abs().max().item<float>());
    }
}
