using Oaif.Model;

namespace Oaif.Training;

/// <summary>
/// Trains a <see cref="RewardModel"/> on tokenized preference pairs with the Bradley–Terry loss.
/// Same run directory layout, logging and checkpoints as the other trainers (checkpoint model/ dirs
/// hold the reward model); <see cref="Resume"/> continues exactly. The config's loss section is ignored.
/// </summary>
public static class RewardModelTrainer
{
    const string Kind = "reward_model";

    /// <summary>Trains <paramref name="rm"/> in place; returns the final eval metrics (empty without eval
    /// data).</summary>
    public static RewardModelResult Train(RewardModel rm, IReadOnlyList<PreferenceExample> train,
        TrainingConfig config, string runDir, IReadOnlyList<PreferenceExample>? eval = null,
        TrainingHooks? hooks = null, CancellationToken ct = default)
    {
        int total = RunDirectory.TotalSteps(config.Trainer, train.Count);
        RunDirectory.StartFresh(runDir, config);
        var start = new TrainerState { Kind = Kind, TotalSteps = total, TrainExamples = train.Count };
        return Run(rm, train, eval, config, runDir, start, null, hooks, ct);
    }

    /// <summary>Continues from the newest checkpoint, loading its reward model with <paramref
    /// name="load"/>.</summary>
    public static RewardModelResult Resume(string runDir, Func<string, RewardModel> load,
        IReadOnlyList<PreferenceExample> train, IReadOnlyList<PreferenceExample>? eval = null,
        TrainingHooks? hooks = null, CancellationToken ct = default)
    {
        var (config, checkpoint, state) = RunDirectory.OpenForResume(runDir, Kind, train.Count);
        var rm = load(Path.Combine(checkpoint, "model"));
        return Run(rm, train, eval, config, runDir, state, checkpoint, hooks, ct);
    }

    static RewardModelResult Run(RewardModel rm, IReadOnlyList<PreferenceExample> train,
        IReadOnlyList<PreferenceExample>? eval, TrainingConfig config, string runDir, TrainerState start,
        string? checkpoint, TrainingHooks? hooks, CancellationToken ct)
    {
        using var optimizer = new ParameterUpdater(rm, config, start.TotalSteps);
        if (checkpoint is not null) CheckpointStore.Restore(checkpoint, optimizer);
        optimizer.ConsecutiveNonFinite = start.ConsecutiveNonFinite;
        optimizer.SkippedSteps = start.SkippedSteps;
        var updater = new RewardModelUpdater(rm, optimizer, config.Trainer);
        var loop = new TrainingLoop<PreferenceExample>(config, runDir, hooks ?? new TrainingHooks());
        var (last, lastCheckpoint, rate) = loop.Run(rm, rm.Save, updater, optimizer, train, eval, start, ct);
        rm.eval();
        var evalMetrics = eval is { Count: > 0 } ? updater.Evaluate(eval) : new Dictionary<string, double>();
        return new RewardModelResult(rm, start.TotalSteps, lastCheckpoint, last, evalMetrics, rate);
    }
}

/// <summary>What a finished reward-model run hands back.</summary>
/// <param name="Model">The trained reward model (on resume, loaded from the checkpoint; caller
/// disposes).</param>
/// <param name="Steps">Optimizer steps completed in total.</param>
/// <param name="LastCheckpoint">Path of the final checkpoint.</param>
/// <param name="LastMetrics">Metrics of the last step.</param>
/// <param name="EvalMetrics">Held-out metrics after the last step ("eval/…" keys); empty without eval
/// data.</param>
/// <param name="StepsPerSecond">Steps per wall-clock second in this process.</param>
public sealed record RewardModelResult(RewardModel Model, int Steps, string LastCheckpoint,
    IReadOnlyDictionary<string, double> LastMetrics, IReadOnlyDictionary<string, double> EvalMetrics,
    double StepsPerSecond);
