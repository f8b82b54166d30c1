namespace Oaif.Annotators;

/// <summary>
/// Which response an annotator prefers. <see cref="Invalid"/> means the annotator gave no usable answer
/// (a failed request, an answer that is neither label, an exhausted budget); it is never a side.
/// </summary>
public enum Verdict
{
    /// <summary>The first response is better.</summary>
    First,

    /// <summary>The second response is better.</summary>
    Second,

    /// <summary>Neither is clearly better; carries no preference, so a trainer skips the pair.</summary>
    Tie,

    /// <summary>No usable answer. Counted and dropped by callers, never turned into a label.</summary>
    Invalid,
}
