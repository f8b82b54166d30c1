using Oaif.Annotators;

namespace Oaif.Evaluation;

/// <summary>Settings of <see cref="Evaluator"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Pairs judged at once (each pair is two judge calls, one per order). Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>How the two presentation orders are combined; default <see cref="BothOrdersOptions"/>()
    /// (tie band ±0.05, a pair with an Invalid order is Invalid).</summary>
    public BothOrdersOptions Combine { get; init; } = new();

    /// <summary>Free-text judging instruction sent with every pair; null keeps the judge's own.</summary>
    public string? Instruction { get; init; }

    /// <summary>Pairs shown in the report's samples. Default 3.</summary>
    public int SampleCount { get; init; } = 3;

    /// <summary>Throws an OaifException naming the bad option.</summary>
    public void Validate()
    {
        if (MaxConcurrency < 1)
            throw new OaifException($"evaluation option MaxConcurrency must be >= 1, got {MaxConcurrency}");
        if (SampleCount < 0)
            throw new OaifException($"evaluation option SampleCount must be >= 0, got {SampleCount}");
        Combine.Validate();
    }
}
