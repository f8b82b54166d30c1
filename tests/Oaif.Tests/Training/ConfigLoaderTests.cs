using Oaif.Tests.Support;
using Oaif.Training;

namespace Oaif.Tests.Training;

public class ConfigLoaderTests
{
    static OaifException Fails(string text, string name = "config.yaml", params string[] overrides) =>
        Assert.Throws<OaifException>(() => ConfigLoader.Parse(text, name, overrides));

    [Fact]
    public void UnknownKeyIsNamed() =>
        Assert.Equal("config.yaml: unknown key 'trainer.lerning_rate'",
            Fails("trainer:\n  lerning_rate: 1e-6\n").Message);

    [Fact]
    public void UnknownSectionAndJsonKeysAreNamed()
    {
        Assert.Contains("unknown key 'trainr'", Fails("trainr:\n  seed: 1\n").Message);
        Assert.Contains("unknown key 'loss.betta'", Fails("{\"loss\": {\"betta\": 0.2}}", "c.json").Message);
    }

    [Fact]
    public void WrongTypeIsNamed()
    {
        var e = Fails("trainer:\n  batch_size: eight\n");
        Assert.Equal("config.yaml: key 'trainer.batch_size' expects an integer, got 'eight'", e.Message);
        Assert.Contains("'trainer.padding' expects one of left, right",
            Fails("trainer: {padding: middle}").Message);
        Assert.Contains("'trainer' expects a mapping", Fails("trainer: 3").Message);
    }

    [Fact]
    public void BadValueAndBadOverrideAreNamed()
    {
        Assert.Contains("'trainer.learning_rate' must be > 0", Fails("trainer: {learning_rate: -1}").Message);
        Assert.Contains("unknown key 'trainer.sed'", Fails("", "config.yaml", "trainer.sed=3").Message);
    }

    [Fact]
    public void ValuesOverridesAndDefaultsApply()
    {
        const string yaml = "trainer:\n  learning_rate: 2e-6\n  schedule: cosine\nloss:\n  type: ipo\n";
        var c = ConfigLoader.Parse(yaml, "config.yaml", ["trainer.seed=7", "loss.beta=0.5"]);
        Assert.Equal(2e-6, c.Trainer.LearningRate);
        Assert.Equal(LearningRateScheduleKind.Cosine, c.Trainer.Schedule);
        Assert.Equal(7, c.Trainer.Seed);
        Assert.Equal(0.5, c.Loss.Beta);
        Assert.Equal(150, c.Trainer.WarmupSteps);
    }

    [Fact]
    public void SavedConfigLoadsBackEqual()
    {
        var dir = TestPaths.NewTempDir();
        var c = ConfigLoader.Parse("trainer: {max_steps: 9, padding: right}\nloss: {type: slic}", "c.yaml");
        ConfigLoader.Save(c, Path.Combine(dir, "config.json"));
        var back = ConfigLoader.Load(Path.Combine(dir, "config.json"));
        Assert.Equal(c.Trainer, back.Trainer);
        Assert.Equal(c.Loss, back.Loss);
        Assert.Equal(c.Optimizer, back.Optimizer);
    }

    [Fact]
    public void AWarmupLongerThanTheRunIsWarnedAboutWithTheRateReached()
    {
        var tiny = ConfigLoader.Parse(
            "trainer: {max_steps: 3, warmup_steps: 150, learning_rate: 5.0e-7}", "c.yaml");
        // Linear warmup: step 3 of 150 runs at 3/150 = 2% of the peak.
        Assert.Equal("trainer.warmup_steps (150) >= trainer.max_steps (3): the learning rate is still " +
                     "warming up at the last step (2% of trainer.learning_rate 5E-07)",
            Assert.Single(tiny.Warnings()));
        var fine = ConfigLoader.Parse("trainer: {max_steps: 300, warmup_steps: 150}", "c.yaml");
        Assert.Empty(fine.Warnings());
        var byEpochs = ConfigLoader.Parse("trainer: {warmup_steps: 150}", "c.yaml");
        Assert.Empty(byEpochs.Warnings());
    }
}
