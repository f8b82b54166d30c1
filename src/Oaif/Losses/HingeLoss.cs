using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>Plain hinge on summed log-probs: max(0, 1 − βΔ).</summary>
/// <param name="Beta">Scale of Δ. No paper default; 0.1 (the DPO value) is used.</param>
public sealed record HingeLoss(double Beta = 0.1) : IPreferenceLoss
{
    /// <inheritdoc/>
    public string Name => "hinge";

    /// <inheritdoc/>
    public double RewardBeta => Beta;

    /// <inheritdoc/>
    public Tensor PerPairLoss(PairLogProbs x) => (1 - Beta * x.Margin()).clamp_min(0);
}
