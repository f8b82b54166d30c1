using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

public class ParameterUpdaterTests
{
    [Fact]
    public void NonFiniteStepsAreSkippedCountedAndStopTheRunWhenRepeated()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(3, 1);
        var config = new TrainingConfig
        {
            Trainer = new TrainerOptions { LearningRate = 0.1, WarmupSteps = 0, MaxConsecutiveNonFinite = 3 },
        };
        using var updater = new ParameterUpdater(layer, config, totalSteps: 10);
        var before = layer.weight!.detach().clone();
        void Backward(float scale) => (layer.forward(ones(2, 3)).sum() * scale).backward();

        Backward(float.NaN);
        Assert.False(updater.Apply(1, lossFinite: true).Applied);   // NaN gradient
        Assert.Equal(before.data<float>().ToArray(), layer.weight!.data<float>().ToArray());
        Assert.False(updater.Apply(2, lossFinite: false).Applied);  // NaN loss
        Backward(1);
        Assert.True(updater.Apply(3, lossFinite: true).Applied);
        Assert.Equal(0, updater.ConsecutiveNonFinite);
        Assert.Equal(2, updater.SkippedSteps);

        Backward(float.PositiveInfinity);
        updater.Apply(4, true);
        updater.Apply(5, false);
        var e = Assert.Throws<OaifException>(() => updater.Apply(6, false));
        Assert.Contains("3 consecutive steps", e.Message);
    }
}
