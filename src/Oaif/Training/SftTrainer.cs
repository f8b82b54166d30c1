using Oaif.Model;

namespace Oaif.Training;

/// <summary>
/// Supervised fine-tuning on tokenized (prompt, completion) pairs, loss on completion tokens only.
/// Same run directory layout, logging and exact resume as <see cref="OfflineDapTrainer"/>.
/// </summary>
public static class SftTrainer
{
    const string Kind = "sft";

    /// <summary>Trains <paramref name="policy"/> in place; the config's loss section is ignored.</summary>
    public static TrainingResult Train(ICausalLanguageModel policy, IReadOnlyList<SftExample> train,
        TrainingConfig config, string runDir, IReadOnlyList<SftExample>? eval = null,
        TrainingHooks? hooks = null, CancellationToken ct = default)
    {
        int total = RunDirectory.TotalSteps(config.Trainer, train.Count);
        RunDirectory.StartFresh(runDir, config);
        var start = new TrainerState { Kind = Kind, TotalSteps = total, TrainExamples = train.Count };
        return Run(policy, train, eval, config, runDir, start, null, hooks, ct);
    }

    /// <summary>
    /// Continues from the newest checkpoint; <paramref name="loadModel"/> loads its model/ dir.
    /// </summary>
    public static TrainingResult Resume(string runDir, Func<string, ICausalLanguageModel> loadModel,
        IReadOnlyList<SftExample> train, IReadOnlyList<SftExample>? eval = null,
        TrainingHooks? hooks = null, CancellationToken ct = default)
    {
        var (config, checkpoint, state) = RunDirectory.OpenForResume(runDir, Kind, train.Count);
        var policy = loadModel(Path.Combine(checkpoint, "model"));
        return Run(policy, train, eval, config, runDir, state, checkpoint, hooks, ct);
    }

    static TrainingResult Run(ICausalLanguageModel policy, IReadOnlyList<SftExample> train,
        IReadOnlyList<SftExample>? eval, TrainingConfig config, string runDir, TrainerState start,
        string? checkpoint, TrainingHooks? hooks, CancellationToken ct)
    {
        using var optimizer = new ParameterUpdater(policy.Module, config, start.TotalSteps);
        if (checkpoint is not null) CheckpointStore.Restore(checkpoint, optimizer);
        optimizer.ConsecutiveNonFinite = start.ConsecutiveNonFinite;
        optimizer.SkippedSteps = start.SkippedSteps;
        var updater = new SftUpdater(policy, optimizer, config.Trainer);
        var loop = new TrainingLoop<SftExample>(config, runDir, hooks ?? new TrainingHooks());
        return loop.Run(policy, updater, optimizer, train, eval, start, ct);
    }
}
