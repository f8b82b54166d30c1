namespace Oaif.Model;

/// <summary>
/// What one prompt produced: the new token ids (prompt excluded; the stop token, when reached, is the
/// last id), whether it stopped on a stop token rather than the length limit, and optionally the
/// log-probability of each new token under the model (same length as <see cref="TokenIds"/>).
/// </summary>
public sealed record GeneratedSequence(int[] TokenIds, bool EndedWithEos, float[]? LogProbs)
{
    /// <summary>When <see cref="GenerationOptions.TopLogProbs"/> is k &gt; 0: for each new token, the k
    /// most likely ids at its position, most likely first; else null.</summary>
    public IReadOnlyList<TokenLogProb[]>? TopLogProbs { get; init; }
}
