using Oaif.Annotators;
using Oaif.Losses;
using Oaif.Model;
using Oaif.Tokenization;

namespace Oaif.Training;

/// <summary>
/// Online direct alignment from AI feedback (OAIF): each step samples K responses per prompt from the
/// current policy, an annotator picks the better one, and a DAP loss (DPO/IPO/SLiC/hinge) updates the
/// policy against a frozen reference. Writes config.json, metrics.jsonl, tensorboard/, pairs.jsonl and
/// checkpoint-&lt;step&gt;/ into the run directory.
/// </summary>
/// <remarks>
/// Resume is exact when the annotator is deterministic (rule judges, a fixed function): the prompt order
/// and the sampling seed of each step are pure functions of (trainer.seed, step), the weights, optimizer
/// state and torch RNG come from the checkpoint, and pairs.jsonl is cut back to the checkpoint's step.
/// An LLM judge may answer a repeated request differently, after which the runs diverge; replaying the
/// pairs.jsonl (<see cref="OnlineOptions.ReplayFrom"/>) reproduces the updates without it.
/// </remarks>
public static class OnlineDapTrainer
{
    const string Kind = "online";

    /// <summary>
    /// Trains <paramref name="policy"/> in place on <paramref name="prompts"/> (chat-formatted text)
    /// judged by <paramref name="annotator"/>. The reference is a frozen copy of the policy made now
    /// unless <paramref name="reference"/> is given. With <see cref="OnlineOptions.ReplayFrom"/> set,
    /// prompts and annotator are unused (pass an empty list and null).
    /// </summary>
    public static async Task<TrainingResult> TrainAsync(ICausalLanguageModel policy, ITokenizer tokenizer,
        IReadOnlyList<string> prompts, IAnnotator? annotator, TrainingConfig config, string runDir,
        ICausalLanguageModel? reference = null, TrainingHooks? hooks = null, CancellationToken ct = default)
    {
        var feedback = Feedback(policy, tokenizer, prompts, annotator, config);
        int examples = Examples(feedback, prompts);
        int total = TotalSteps(config, feedback, examples);
        RunDirectory.StartFresh(runDir, config);
        File.Delete(Path.Combine(runDir, OnlinePairsFile.FileName));
        using var frozen = reference is null
            ? ReferenceModel.CopyOf(policy)
            : ReferenceModel.Wrap(reference, false);
        var start = new TrainerState
        {
            Kind = Kind, TotalSteps = total, TrainExamples = examples,
            ReferenceFingerprint = frozen.Fingerprint(),
        };
        return await RunAsync(policy, frozen, feedback, config, runDir, start, null, hooks, ct);
    }

    /// <summary>
    /// Continues the run in <paramref name="runDir"/> from its newest checkpoint with its saved config.
    /// <paramref name="loadModel"/> loads a checkpoint's model/ directory; <paramref name="reference"/>
    /// must be the run's starting model (checked by fingerprint); prompts must be the same set.
    /// </summary>
    public static async Task<TrainingResult> ResumeAsync(string runDir,
        Func<string, ICausalLanguageModel> loadModel, ICausalLanguageModel reference, ITokenizer tokenizer,
        IReadOnlyList<string> prompts, IAnnotator? annotator, TrainingHooks? hooks = null,
        CancellationToken ct = default)
    {
        var saved = ConfigLoader.Load(Path.Combine(runDir, RunDirectory.ConfigFile));
        int examples = saved.Online.Replays
            ? new ReplayFeedback(saved.Online.ReplayFrom).Comparisons : prompts.Count;
        var (config, checkpoint, state) = RunDirectory.OpenForResume(runDir, Kind, examples);
        OnlinePairsFile.TruncateAfter(Path.Combine(runDir, OnlinePairsFile.FileName), state.Step);
        using var frozen = ReferenceModel.Wrap(reference, owned: false);
        double fingerprint = frozen.Fingerprint();
        if (Math.Abs(fingerprint - state.ReferenceFingerprint) > 1e-9 * Math.Max(1, Math.Abs(fingerprint)))
            throw new OaifException(
                $"{checkpoint}: the reference model differs from the run's starting model");
        var policy = loadModel(Path.Combine(checkpoint, "model"));
        var feedback = Feedback(policy, tokenizer, prompts, annotator, config);
        return await RunAsync(policy, frozen, feedback, config, runDir, state, checkpoint, hooks, ct);
    }

    static IOnlineFeedback Feedback(ICausalLanguageModel policy, ITokenizer tokenizer,
        IReadOnlyList<string> prompts, IAnnotator? annotator, TrainingConfig config)
    {
        config.Validate();
        var online = config.Online;
        if (online.Replays) return new ReplayFeedback(online.ReplayFrom);
        if (annotator is null)
            throw new OaifException("online training needs an annotator (or online.replay_from)");
        if (prompts.Count < online.PromptsPerStep)
            throw new OaifException($"online prompts: {prompts.Count} prompts cannot fill one step of " +
                $"{online.PromptsPerStep} (online.prompts_per_step)");
        var sampler = new OnlineSampler(policy, tokenizer, online, config.Trainer.Seed);
        var order = new DataOrder(prompts.Count, online.PromptsPerStep, config.Trainer.Seed);
        var annotation = new OnlineAnnotation(annotator, online.MissingEosPenalty);
        return new LiveFeedback(sampler, annotation, prompts, order);
    }

    // What a resume checks it was given again: the prompt count, or for a replay the recorded lines.
    static int Examples(IOnlineFeedback feedback, IReadOnlyList<string> prompts) =>
        feedback is ReplayFeedback replay ? replay.Comparisons : prompts.Count;

    static int TotalSteps(TrainingConfig config, IOnlineFeedback feedback, int prompts)
    {
        var o = config.Trainer;
        if (feedback is not ReplayFeedback replay)
            return o.MaxSteps ?? o.Epochs * (prompts / config.Online.PromptsPerStep);
        if (o.MaxSteps > replay.LastStep)
            throw new OaifException($"{config.Online.ReplayFrom}: records {replay.LastStep} steps, " +
                $"fewer than trainer.max_steps = {o.MaxSteps}");
        return o.MaxSteps ?? replay.LastStep;
    }

    static async Task<TrainingResult> RunAsync(ICausalLanguageModel policy, ReferenceModel reference,
        IOnlineFeedback feedback, TrainingConfig config, string runDir, TrainerState start,
        string? checkpoint,
        TrainingHooks? hooks, CancellationToken ct)
    {
        using var optimizer = new ParameterUpdater(policy.Module, config, start.TotalSteps);
        if (checkpoint is not null) CheckpointStore.Restore(checkpoint, optimizer);
        optimizer.ConsecutiveNonFinite = start.ConsecutiveNonFinite;
        optimizer.SkippedSteps = start.SkippedSteps;
        var loss = LossFactory.Create(config.Loss);
        var updater = new DapUpdater(policy, reference, loss, optimizer, config.Trainer);
        var loop = new OnlineTrainingLoop(config, runDir, hooks ?? new TrainingHooks());
        return await loop.RunAsync(policy, feedback, reference, updater, optimizer, start, ct);
    }
}
