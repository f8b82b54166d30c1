using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>
/// Negative log-likelihood of the chosen response, −log π(chosen): summed over response tokens, or the
/// per-token mean when <see cref="LengthNormalised"/>. Ignores the rejected response and the reference.
/// Combine with a preference loss through <see cref="WeightedSumLoss"/>.
/// </summary>
/// <param name="LengthNormalised">Divide by the chosen token count (the usual SFT objective).</param>
public sealed record SftLoss(bool LengthNormalised = true) : IPreferenceLoss
{
    /// <inheritdoc/>
    public string Name => "sft";

    /// <inheritdoc/>
    public double RewardBeta => 1.0;

    /// <inheritdoc/>
    public Tensor PerPairLoss(PairLogProbs x) =>
        LengthNormalised ? -x.PolicyChosen / x.ChosenTokens : -x.PolicyChosen;
}
