using Oaif.Tests.Support;
using Oaif.Training;

namespace Oaif.Tests.Training;

public class SftTrainerTests
{
    [Fact]
    public void SftLowersCompletionLossAndLogsEveryStepOnce()
    {
        // Completion = prompt reversed: learnable, and the prompt itself is never scored.
        var rng = new Random(6);
        var data = Enumerable.Range(0, 32).Select(_ =>
        {
            long[] prompt = [1, .. Enumerable.Range(0, 3).Select(_ => (long)rng.Next(2, 12))];
            return new SftExample(prompt, prompt.Skip(1).Reverse().ToArray());
        }).ToArray();
        var config = OfflineDapTrainerTests.Config(maxSteps: 30, saveEvery: 10, evalEvery: 30);
        var runDir = TestPaths.NewTempDir();
        using var policy = new TinyCausalLm(12, seed: 7);

        SftTrainer.Train(policy, data, config, runDir, eval: data);

        var lines = OfflineDapTrainerTests.Metrics(runDir);
        double first = lines[0].GetProperty("loss").GetDouble();
        double evalLoss = lines[^1].GetProperty("eval/loss").GetDouble();
        Assert.True(evalLoss < 0.6 * first, $"loss {first} -> eval {evalLoss}");
        Assert.Equal(Enumerable.Range(1, 30), lines.Where(l => l.TryGetProperty("loss", out _))
            .Select(l => l.GetProperty("step").GetInt32()));
    }
}
