namespace Oaif.Annotators;

/// <summary>How <see cref="BothOrdersAnnotator"/> combines the two presentation orders.</summary>
public sealed record BothOrdersOptions
{
    /// <summary>
    /// Half-width of the tie band around 0.5: a combined P(first) within [0.5 − m, 0.5 + m] is a Tie.
    /// Default 0.05, so a pair only gets a label when the judge leans at least 55/45 after averaging both
    /// orders; an order-dependent judge (A in both orders) averages to exactly 0.5 and is always a Tie.
    /// </summary>
    public double TieMargin { get; init; } = 0.05;

    /// <summary>
    /// When one order is Invalid and the other valid: true uses the valid order alone; false (default)
    /// makes the pair Invalid, because a single order keeps the position bias both orders exist to cancel.
    /// </summary>
    public bool FallBackToValidOrder { get; init; }

    /// <summary>Throws <see cref="OaifException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (!(TieMargin >= 0 && TieMargin < 0.5))
            throw new OaifException($"judge option TieMargin must be in [0, 0.5), got {TieMargin}");
    }
}
