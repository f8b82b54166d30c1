namespace Oaif.Training;

/// <summary>The fixed metric keys written to metrics.jsonl, TensorBoard and the terminal.</summary>
public static class MetricKeys
{
    /// <summary>Optimizer step (1-based).</summary>
    public const string Step = "step";
    /// <summary>Mean per-pair (or per-example) loss.</summary>
    public const string Loss = "loss";
    /// <summary>Mean β(log π − log π_ref)(chosen).</summary>
    public const string RewardsChosen = "rewards/chosen";
    /// <summary>Mean β(log π − log π_ref)(rejected).</summary>
    public const string RewardsRejected = "rewards/rejected";
    /// <summary>Mean chosen minus rejected reward.</summary>
    public const string RewardsMargins = "rewards/margins";
    /// <summary>Fraction of pairs whose chosen reward exceeds the rejected one.</summary>
    public const string RewardsAccuracies = "rewards/accuracies";
    /// <summary>Mean summed log π(chosen).</summary>
    public const string LogpsChosen = "logps/chosen";
    /// <summary>Mean summed log π(rejected).</summary>
    public const string LogpsRejected = "logps/rejected";
    /// <summary>Global gradient L2 norm before clipping (NaN for a skipped step).</summary>
    public const string GradNorm = "grad_norm";
    /// <summary>Learning rate used by this step.</summary>
    public const string LearningRate = "learning_rate";
    /// <summary>Tokens through the policy per wall-clock second for this step.</summary>
    public const string TokensPerSecond = "tokens_per_second";
    /// <summary>Steps skipped so far because of NaN/Inf.</summary>
    public const string SkippedSteps = "skipped_steps";
}
