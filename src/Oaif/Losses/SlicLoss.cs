using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>
/// SLiC calibration loss on summed log-probs: max(0, margin − βΔ), plus an optional SFT term on the
/// chosen response, λ·(−log π(chosen)), whose log-prob is summed or, with
/// <see cref="SftLengthNormalised"/>, divided by the chosen token count.
/// </summary>
/// <param name="Beta">Scale of Δ; 0.002 is the OAIF paper's SLiC value.</param>
/// <param name="Margin">Hinge margin; 1 as in the OAIF paper.</param>
/// <param name="SftWeight">λ of the chosen-response SFT term; 0 turns it off.</param>
/// <param name="SftLengthNormalised">Use the per-token mean log-prob in the SFT term.</param>
public sealed record SlicLoss(
    double Beta = 0.002, double Margin = 1.0, double SftWeight = 0, bool SftLengthNormalised = true)
    : IPreferenceLoss
{
    /// <inheritdoc/>
    public string Name => "slic";

    /// <inheritdoc/>
    public double RewardBeta => Beta;

    /// <inheritdoc/>
    public Tensor PerPairLoss(PairLogProbs x)
    {
        var hinge = (Margin - Beta * x.Margin()).clamp_min(0); // [B]
        if (SftWeight == 0) return hinge;
        return hinge + SftWeight * new SftLoss(SftLengthNormalised).PerPairLoss(x);
    }
}
