namespace Oaif.Annotators;

/// <summary>
/// Everything needed to build the standard LLM judge pipeline with <see cref="JudgeFactory"/>: the
/// endpoint, the judging prompt, both-orders combination, a concurrency limit and a request budget.
/// </summary>
public sealed record JudgeOptions
{
    /// <summary>Server, model, key variable, timeout and retries.</summary>
    public JudgeEndpointOptions Endpoint { get; init; } = new();

    /// <summary>Template, instruction, log-probabilities and prices.</summary>
    public LlmJudgeOptions Judge { get; init; } = new();

    /// <summary>Judge each pair in both orders (default true, the published practice).</summary>
    public bool BothOrders { get; init; } = true;

    /// <summary>Tie band and fallback for the both-orders combination.</summary>
    public BothOrdersOptions Combine { get; init; } = new();

    /// <summary>Endpoint calls in flight at once (each order is one call). Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>
    /// Endpoint calls allowed over the judge's lifetime (two per pair in both-orders mode); past it
    /// verdicts are Invalid "budget exhausted". Default null: unlimited.
    /// </summary>
    public long? MaxRequests { get; init; }

    /// <summary>
    /// Validates every part; throws <see cref="OaifException"/> naming the first bad field.
    /// </summary>
    public void Validate()
    {
        Endpoint.Validate();
        Judge.Validate();
        Combine.Validate();
        if (MaxConcurrency < 1)
            throw new OaifException($"judge option MaxConcurrency must be >= 1, got {MaxConcurrency}");
        if (MaxRequests < 0)
            throw new OaifException($"judge option MaxRequests must be >= 0, got {MaxRequests}");
    }
}
