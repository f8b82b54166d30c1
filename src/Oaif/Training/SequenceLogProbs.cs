using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// Response log-probabilities of a batch under one model: <see cref="Sum"/> over response tokens,
/// per-token <see cref="Mean"/>, and the response <see cref="TokenCount"/>; each float32 [B].
/// </summary>
public sealed record SequenceLogProbs(Tensor Sum, Tensor Mean, Tensor TokenCount)
{
    /// <summary>Rows [start, start+length) of every field.</summary>
    public SequenceLogProbs Slice(long start, long length) =>
        new(Sum.narrow(0, start, length), Mean.narrow(0, start, length), TokenCount.narrow(0, start, length));
}
