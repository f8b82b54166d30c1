using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>
/// Per-pair inputs of every preference loss: summed response log-probabilities of the policy and the
/// frozen reference for the chosen and the rejected response, plus their response token counts (for
/// losses that length-normalise). Every tensor is [B] and all share one dtype.
/// </summary>
public sealed record PairLogProbs(
    Tensor PolicyChosen,
    Tensor PolicyRejected,
    Tensor ReferenceChosen,
    Tensor ReferenceRejected,
    Tensor ChosenTokens,
    Tensor RejectedTokens)
{
    /// <summary>
    /// Δ = (log π − log π_ref)(chosen) − (log π − log π_ref)(rejected), from summed log-probs, or
    /// from per-token means when <paramref name="lengthNormalised"/> is set. Returns [B].
    /// </summary>
    public Tensor Margin(bool lengthNormalised = false)
    {
        var chosen = PolicyChosen - ReferenceChosen;      // [B]
        var rejected = PolicyRejected - ReferenceRejected; // [B]
        if (lengthNormalised)
        {
            chosen = chosen / ChosenTokens;
            rejected = rejected / RejectedTokens;
        }
        return chosen - rejected;
    }

    /// <summary>
    /// Implicit reward of the chosen response, β(log π − log π_ref), summed log-probs; [B].
    /// </summary>
    public Tensor ChosenReward(double beta) => beta * (PolicyChosen - ReferenceChosen);

    /// <summary>
    /// Implicit reward of the rejected response, β(log π − log π_ref), summed log-probs; [B].
    /// </summary>
    public Tensor RejectedReward(double beta) => beta * (PolicyRejected - ReferenceRejected);
}
