namespace Oaif.Training;

/// <summary>Metric keys the online trainer writes on top of <see cref="MetricKeys"/>.</summary>
public static class OnlineMetricKeys
{
    /// <summary>Response pairs judged this step (K(K−1)/2 per prompt).</summary>
    public const string Comparisons = "judge/comparisons";
    /// <summary>Share of comparisons whose verdict was Invalid (dropped).</summary>
    public const string InvalidRate = "judge/invalid_rate";
    /// <summary>Share of comparisons whose verdict was Tie (dropped).</summary>
    public const string TieRate = "judge/tie_rate";
    /// <summary>Share of both-orders judgements whose two orders agreed; null without both orders.</summary>
    public const string Agreement = "judge/agreement";
    /// <summary>Mean judge latency over comparisons the annotator decided, in milliseconds.</summary>
    public const string LatencyMs = "judge/latency_ms";
    /// <summary>Judge cost this step at the configured prices.</summary>
    public const string Cost = "judge/cost";
    /// <summary>Share of comparisons decided by the missing-EOS rule instead of the annotator.</summary>
    public const string EosRuleRate = "judge/eos_rule_rate";
    /// <summary>(chosen, rejected) pairs trained on this step.</summary>
    public const string Pairs = "samples/pairs";
    /// <summary>Mean token length of all sampled responses.</summary>
    public const string MeanLength = "samples/mean_length";
    /// <summary>Mean token length of chosen responses.</summary>
    public const string MeanLengthChosen = "samples/mean_length_chosen";
    /// <summary>Mean token length of rejected responses.</summary>
    public const string MeanLengthRejected = "samples/mean_length_rejected";
    /// <summary>Share of chosen responses that ended with the stop token.</summary>
    public const string EosRateChosen = "samples/eos_rate_chosen";
    /// <summary>Share of rejected responses that ended with the stop token.</summary>
    public const string EosRateRejected = "samples/eos_rate_rejected";
    /// <summary>
    /// Mean over all sampled responses of Σ_tokens (log π − log π_ref): a KL(π‖π_ref) estimate, with
    /// samples drawn at the sampling temperature rather than from π itself.
    /// </summary>
    public const string Kl = "objective/kl";
    /// <summary>
    /// Policy updates between the weights that sampled this step's responses and the weights they train:
    /// 0 normally, 1 for a step whose responses were sampled ahead in pipelined mode (online.pipeline).
    /// </summary>
    public const string StalenessSteps = "samples/staleness_steps";
    /// <summary>Seconds spent sampling (zero when replaying).</summary>
    public const string SampleSeconds = "time/sample_s";
    /// <summary>Seconds from the first judge call of the step to its last verdict.</summary>
    public const string AnnotateSeconds = "time/annotate_s";
    /// <summary>
    /// Seconds the loop sat idle waiting for verdicts: equal to time/annotate_s normally, less when
    /// pipelining overlapped judging with the previous update.
    /// </summary>
    public const string AnnotateWaitSeconds = "time/annotate_wait_s";
    /// <summary>Seconds spent on reference log-probs.</summary>
    public const string ReferenceSeconds = "time/reference_s";
    /// <summary>Seconds spent on the policy forward, backward and optimizer step.</summary>
    public const string UpdateSeconds = "time/update_s";
}
