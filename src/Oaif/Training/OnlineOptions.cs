namespace Oaif.Training;

/// <summary>
/// Online AI feedback knobs (config section <c>online</c>): how responses are sampled from the current
/// policy each step and what happens to the annotator's verdicts. "OAIF paper" is Guo et al. 2024.
/// </summary>
public sealed record OnlineOptions
{
    /// <summary>
    /// Responses sampled per prompt (K). Default 2, as in the OAIF paper. With K &gt; 2 every pair of
    /// responses is judged and the responses with the highest and lowest win rate (a tie counts half)
    /// become chosen and rejected; the two were not necessarily compared with each other directly.
    /// </summary>
    public int SamplesPerPrompt { get; init; } = 2;

    /// <summary>Sampling temperature. Default 0.9 (OAIF paper).</summary>
    public double Temperature { get; init; } = 0.9;

    /// <summary>Nucleus sampling mass; 1 = off. Default 1 (the paper names none).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens; 0 = off. Default 0.</summary>
    public int TopK { get; init; }

    /// <summary>Longest response in tokens, stop token included. Default 64.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Prompts per optimizer step. Default 8 (a small-run choice; the paper uses 128).</summary>
    public int PromptsPerStep { get; init; } = 8;

    /// <summary>
    /// Rule for pairs where only one response ended. Default off (the paper has no such rule).
    /// </summary>
    public MissingEosPenalty MissingEosPenalty { get; init; } = MissingEosPenalty.Off;

    /// <summary>
    /// Judge calls in flight at once. Used by <c>oaif train</c> when it builds the judge pipeline; an
    /// annotator handed to the library limits itself (see ConcurrencyLimitAnnotator). Default 4.
    /// </summary>
    public int JudgeConcurrency { get; init; } = 4;

    /// <summary>
    /// A step whose share of Invalid verdicts exceeds this counts as failing; see
    /// <see cref="InvalidPatienceSteps"/>. Default 0.5.
    /// </summary>
    public double MaxInvalidRate { get; init; } = 0.5;

    /// <summary>
    /// Failing steps in a row after which the run checkpoints and stops (a judge that keeps failing
    /// wastes compute). The count restarts on resume. Default 3.
    /// </summary>
    public int InvalidPatienceSteps { get; init; } = 3;

    /// <summary>
    /// Overlap judging with training: while step t updates the policy, the responses of step t+1 (sampled
    /// just before that update) are already with the annotator. Hides the latency of an asynchronous
    /// judge (HTTP) behind the update, at the price of pairs one update old (metric
    /// <c>samples/staleness_steps</c>). Steps that write a checkpoint do not look ahead, so a resumed run
    /// samples what the uninterrupted one did. Ignored when replaying. Default false (the OAIF paper
    /// samples from the current policy).
    /// </summary>
    public bool Pipeline { get; init; }

    /// <summary>
    /// A pairs.jsonl written by an earlier online run. When set, each step reads that run's recorded
    /// responses and verdicts instead of sampling and judging; the annotator is never called.
    /// Default "" (off; the config loader keeps strings non-null).
    /// </summary>
    public string ReplayFrom { get; init; } = "";

    /// <summary>True when <see cref="ReplayFrom"/> names a file.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Replays => ReplayFrom.Length > 0;
}
