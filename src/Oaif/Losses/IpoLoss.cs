using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>
/// Identity Preference Optimisation: (Δ − 1/(2β))², minimal at Δ = 1/(2β). Δ comes from summed
/// log-probs by default; set <see cref="LengthNormalised"/> to use per-token means (what TRL does).
/// </summary>
/// <param name="Beta">Regularisation strength; 1.0 is the OAIF paper's IPO value.</param>
/// <param name="LengthNormalised">Use per-token mean log-probs in Δ instead of sums.</param>
public sealed record IpoLoss(double Beta = 1.0, bool LengthNormalised = false) : IPreferenceLoss
{
    /// <inheritdoc/>
    public string Name => "ipo";

    /// <inheritdoc/>
    public double RewardBeta => Beta;

    /// <inheritdoc/>
    public Tensor PerPairLoss(PairLogProbs x)
    {
        var gap = x.Margin(LengthNormalised) - 1 / (2 * Beta); // [B]
        return gap * gap;
    }
}
