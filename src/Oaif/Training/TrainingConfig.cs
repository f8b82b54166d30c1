using Oaif.Losses;
using static System.FormattableString;

namespace Oaif.Training;

/// <summary>
/// Everything a training run is configured with: sections <c>trainer</c>, <c>optimizer</c>, <c>loss</c>,
/// <c>online</c>.
/// Load with <see cref="ConfigLoader"/>; <see cref="Validate"/> is the one place values are checked.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Loop, schedule, batching, logging and checkpoint options.</summary>
    public TrainerOptions Trainer { get; init; } = new();

    /// <summary>Optimizer options.</summary>
    public OptimizerOptions Optimizer { get; init; } = new();

    /// <summary>Preference loss (ignored by SFT).</summary>
    public LossOptions Loss { get; init; } = new();

    /// <summary>Online sampling and judging (used only by the online trainer).</summary>
    public OnlineOptions Online { get; init; } = new();

    /// <summary>
    /// Settings that are valid but probably not meant, one sentence each (e.g. a warmup longer than the
    /// run, which keeps the learning rate near zero throughout).
    /// </summary>
    public IEnumerable<string> Warnings()
    {
        var t = Trainer;
        if (t.MaxSteps is int steps && t.WarmupSteps >= steps)
        {
            double reached = 100 * LearningRateSchedule.From(t, steps).At(steps) / t.LearningRate;
            yield return
                Invariant($"trainer.warmup_steps ({t.WarmupSteps}) >= trainer.max_steps ({steps}): ") +
                Invariant($"the learning rate is still warming up at the last step ({reached:F0}% of ") +
                Invariant($"trainer.learning_rate {t.LearningRate:G3})");
        }
    }

    /// <summary>
    /// Throws an <see cref="OaifException"/> naming <paramref name="source"/> and the first bad key.
    /// </summary>
    public void Validate(string source = "config")
    {
        var t = Trainer;
        Check(source, "trainer.learning_rate", t.LearningRate > 0 && double.IsFinite(t.LearningRate), "> 0");
        Check(source, "trainer.warmup_steps", t.WarmupSteps >= 0, ">= 0");
        Check(source, "trainer.min_learning_rate_ratio",
            t.MinLearningRateRatio is >= 0 and <= 1, "in [0, 1]");
        Check(source, "trainer.batch_size", t.BatchSize >= 1, ">= 1");
        Check(source, "trainer.gradient_accumulation_steps", t.GradientAccumulationSteps >= 1, ">= 1");
        Check(source, "trainer.epochs", t.Epochs >= 1, ">= 1");
        Check(source, "trainer.max_steps", t.MaxSteps is null or >= 1, ">= 1 or null");
        Check(source, "trainer.max_grad_norm", t.MaxGradNorm >= 0, ">= 0");
        Check(source, "trainer.log_every", t.LogEvery >= 1, ">= 1");
        Check(source, "trainer.eval_every", t.EvalEvery >= 0, ">= 0");
        Check(source, "trainer.save_every", t.SaveEvery >= 0, ">= 0");
        Check(source, "trainer.keep_last_checkpoints", t.KeepLastCheckpoints >= 1, ">= 1");
        Check(source, "trainer.max_consecutive_non_finite", t.MaxConsecutiveNonFinite >= 1, ">= 1");
        ValidateOptimizer(source);
        ValidateLoss(source);
        ValidateOnline(source);
    }

    void ValidateOptimizer(string source)
    {
        var o = Optimizer;
        Check(source, "optimizer.type", o.Type == "adamw", "'adamw' (the only optimizer implemented)");
        Check(source, "optimizer.beta1", o.Beta1 is >= 0 and < 1, "in [0, 1)");
        Check(source, "optimizer.beta2", o.Beta2 is >= 0 and < 1, "in [0, 1)");
        Check(source, "optimizer.eps", o.Eps > 0, "> 0");
        Check(source, "optimizer.weight_decay", o.WeightDecay >= 0, ">= 0");
    }

    void ValidateLoss(string source)
    {
        var l = Loss;
        Check(source, "loss.type", LossFactory.Names.Contains(l.Type),
            $"one of {string.Join(", ", LossFactory.Names)}");
        Check(source, "loss.beta", l.Beta is null or > 0, "> 0");
        Check(source, "loss.label_smoothing", l.LabelSmoothing is >= 0 and < 0.5, "in [0, 0.5)");
        Check(source, "loss.margin", l.Margin >= 0, ">= 0");
        Check(source, "loss.sft_weight", l.SftWeight >= 0, ">= 0");
    }

    void ValidateOnline(string source)
    {
        var o = Online;
        Check(source, "online.samples_per_prompt", o.SamplesPerPrompt >= 2, ">= 2");
        Check(source, "online.temperature", o.Temperature > 0 && double.IsFinite(o.Temperature),
            "> 0 (greedy decoding would make every sample the same)");
        Check(source, "online.top_p", o.TopP is > 0 and <= 1, "in (0, 1]");
        Check(source, "online.top_k", o.TopK >= 0, ">= 0");
        Check(source, "online.max_new_tokens", o.MaxNewTokens >= 1, ">= 1");
        Check(source, "online.prompts_per_step", o.PromptsPerStep >= 1, ">= 1");
        Check(source, "online.judge_concurrency", o.JudgeConcurrency >= 1, ">= 1");
        Check(source, "online.max_invalid_rate", o.MaxInvalidRate is >= 0 and <= 1, "in [0, 1]");
        Check(source, "online.invalid_patience_steps", o.InvalidPatienceSteps >= 1, ">= 1");
    }

    static void Check(string source, string key, bool ok, string expected)
    {
        if (!ok) throw new OaifException($"{source}: '{key}' must be {expected}");
    }
}
