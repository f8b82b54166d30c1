using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Oaif.Losses;

/// <summary>
/// Direct Preference Optimisation on summed response log-probs, Δ as in <see cref="PairLogProbs.Margin"/>.
/// <para>Plain (ε = 0): −log σ(βΔ).</para>
/// <para>Conservative (label smoothing ε, labels flipped with probability ε):
/// −(1−ε) log σ(βΔ) − ε log σ(−βΔ).</para>
/// <para>Robust (<see cref="Robust"/>, unbiased under label noise ε):
/// (−(1−ε) log σ(βΔ) + ε log σ(−βΔ)) / (1 − 2ε).</para>
/// </summary>
/// <param name="Beta">Strength of the pull towards the reference; 0.1 is the OAIF paper's DPO value.</param>
/// <param name="LabelSmoothing">ε in [0, 0.5); 0 gives plain DPO.</param>
/// <param name="Robust">Use the robust instead of the conservative form when ε &gt; 0.</param>
public sealed record DpoLoss(double Beta = 0.1, double LabelSmoothing = 0, bool Robust = false)
    : IPreferenceLoss
{
    /// <inheritdoc/>
    public string Name => "dpo";

    /// <inheritdoc/>
    public double RewardBeta => Beta;

    /// <inheritdoc/>
    public Tensor PerPairLoss(PairLogProbs x)
    {
        var logits = Beta * x.Margin();                 // [B]
        var agree = F.logsigmoid(logits);               // log σ(βΔ)
        var disagree = F.logsigmoid(-logits);           // log σ(−βΔ)
        var eps = LabelSmoothing;
        if (Robust)
            return (-(1 - eps) * agree + eps * disagree) / (1 - 2 * eps);
        return -(1 - eps) * agree - eps * disagree;
    }
}
