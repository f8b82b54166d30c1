using Oaif.Losses;
using Oaif.Model;

namespace Oaif.Training;

/// <summary>
/// Offline direct alignment (DPO/IPO/SLiC/hinge) on a fixed set of tokenized preference pairs against a
/// frozen reference: the OAIF paper's offline baseline. Writes config.json, metrics.jsonl, tensorboard/
/// and checkpoint-&lt;step&gt;/ into the run directory; <see cref="Resume"/> continues exactly.
/// </summary>
public static class OfflineDapTrainer
{
    const string Kind = "dap";

    /// <summary>
    /// Trains <paramref name="policy"/> in place. The reference is a frozen copy of the policy made now,
    /// unless <paramref name="reference"/> is given (it is frozen, not disposed).
    /// </summary>
    public static TrainingResult Train(ICausalLanguageModel policy, IReadOnlyList<PreferenceExample> train,
        TrainingConfig config, string runDir, IReadOnlyList<PreferenceExample>? eval = null,
        ICausalLanguageModel? reference = null, TrainingHooks? hooks = null, CancellationToken ct = default)
    {
        int total = RunDirectory.TotalSteps(config.Trainer, train.Count);
        RunDirectory.StartFresh(runDir, config);
        using var frozen = reference is null
            ? ReferenceModel.CopyOf(policy)
            : ReferenceModel.Wrap(reference, owned: false);
        var start = new TrainerState
        {
            Kind = Kind, TotalSteps = total, TrainExamples = train.Count,
            ReferenceFingerprint = frozen.Fingerprint(),
        };
        return Run(policy, frozen, train, eval, config, runDir, start, null, hooks, ct);
    }

    /// <summary>
    /// Continues the run in <paramref name="runDir"/> from its newest checkpoint with the run's saved
    /// config. <paramref name="loadModel"/> loads a checkpoint's model/ directory (the policy);
    /// <paramref name="reference"/> must be the run's starting model (checked by fingerprint).
    /// </summary>
    public static TrainingResult Resume(string runDir, Func<string, ICausalLanguageModel> loadModel,
        ICausalLanguageModel reference, IReadOnlyList<PreferenceExample> train,
        IReadOnlyList<PreferenceExample>? eval = null, TrainingHooks? hooks = null,
        CancellationToken ct = default)
    {
        var (config, checkpoint, state) = RunDirectory.OpenForResume(runDir, Kind, train.Count);
        using var frozen = ReferenceModel.Wrap(reference, owned: false);
        double fingerprint = frozen.Fingerprint();
        if (Math.Abs(fingerprint - state.ReferenceFingerprint) > 1e-9 * Math.Max(1, Math.Abs(fingerprint)))
            throw new OaifException(
                $"{checkpoint}: the reference model differs from the run's starting model");
        var policy = loadModel(Path.Combine(checkpoint, "model"));
        return Run(policy, frozen, train, eval, config, runDir, state, checkpoint, hooks, ct);
    }

    static TrainingResult Run(ICausalLanguageModel policy, ReferenceModel reference,
        IReadOnlyList<PreferenceExample> train, IReadOnlyList<PreferenceExample>? eval, TrainingConfig config,
        string runDir, TrainerState start, string? checkpoint, TrainingHooks? hooks, CancellationToken ct)
    {
        var o = config.Trainer;
        if (o.PrecomputeReferenceLogProbs)
            train = DapUpdater.PrecomputeReference(reference, train, o.BatchSize, o.Padding);
        using var optimizer = new ParameterUpdater(policy.Module, config, start.TotalSteps);
        if (checkpoint is not null) CheckpointStore.Restore(checkpoint, optimizer);
        optimizer.ConsecutiveNonFinite = start.ConsecutiveNonFinite;
        optimizer.SkippedSteps = start.SkippedSteps;
        var updater = new DapUpdater(policy, reference, LossFactory.Create(config.Loss), optimizer, o);
        var loop = new TrainingLoop<PreferenceExample>(config, runDir, hooks ?? new TrainingHooks());
        return loop.Run(policy, updater, optimizer, train, eval, start, ct);
    }
}
