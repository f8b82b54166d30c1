using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>Set-up steps shared by trainers for a fresh run and for a resume.</summary>
internal static class RunDirectory
{
    public const string ConfigFile = "config.json";

    /// <summary>
    /// Creates the run directory, refuses one that already has checkpoints, saves the config.
    /// </summary>
    public static void StartFresh(string runDir, TrainingConfig config)
    {
        config.Validate();
        if (CheckpointStore.Latest(runDir) is { } existing)
            throw new OaifException(
                $"{runDir}: already holds {Path.GetFileName(existing)}; resume it or pick a new run dir");
        Directory.CreateDirectory(runDir);
        File.Delete(Path.Combine(runDir, MetricsLog.FileName));
        ConfigLoader.Save(config, Path.Combine(runDir, ConfigFile));
        random.manual_seed(config.Trainer.Seed);
    }

    /// <summary>The run's saved config and its newest checkpoint, with metrics after it dropped.</summary>
    public static (TrainingConfig Config, string Checkpoint, TrainerState State) OpenForResume(
        string runDir, string kind, int trainExamples)
    {
        var config = ConfigLoader.Load(Path.Combine(runDir, ConfigFile));
        var checkpoint = CheckpointStore.Latest(runDir)
            ?? throw new OaifException($"{runDir}: no complete checkpoint to resume from");
        var state = CheckpointStore.ReadState(checkpoint);
        if (state.Kind != kind)
            throw new OaifException($"{checkpoint}: written by the '{state.Kind}' trainer, not '{kind}'");
        if (state.TrainExamples != trainExamples)
            throw new OaifException(
                $"{checkpoint}: run had {state.TrainExamples} training examples, got {trainExamples}");
        MetricsLog.TruncateAfter(runDir, state.Step);
        random.manual_seed(config.Trainer.Seed);
        return (config, checkpoint, state);
    }

    /// <summary>Optimizer steps the run makes; refuses data too small for one batch.</summary>
    public static int TotalSteps(TrainerOptions o, int trainExamples)
    {
        int perStep = o.BatchSize * o.GradientAccumulationSteps;
        if (trainExamples < perStep)
            throw new OaifException($"training data: {trainExamples} examples cannot fill one step of " +
                $"{perStep} (trainer.batch_size × trainer.gradient_accumulation_steps)");
        return o.MaxSteps ?? o.Epochs * (trainExamples / perStep);
    }
}
