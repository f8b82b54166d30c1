namespace Oaif.Losses;

/// <summary>
/// Which preference loss to train with and its knobs (config section <c>loss</c>). Defaults follow the
/// OAIF paper (Guo et al., 2024, "Direct language model alignment from online AI feedback").
/// </summary>
public sealed record LossOptions
{
    /// <summary>Loss name: dpo, ipo, slic or hinge (see <see cref="LossFactory"/>). Default dpo.</summary>
    public string Type { get; init; } = "dpo";

    /// <summary>
    /// β; null picks the paper's value for the type: DPO 0.1, IPO 1.0, SLiC 0.002, hinge 0.1.
    /// </summary>
    public double? Beta { get; init; }

    /// <summary>DPO label smoothing ε in [0, 0.5). Default 0 (plain DPO).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>
    /// DPO: use the robust rather than the conservative form when ε &gt; 0. Default false.
    /// </summary>
    public bool Robust { get; init; }

    /// <summary>SLiC hinge margin. Default 1 (OAIF paper).</summary>
    public double Margin { get; init; } = 1.0;

    /// <summary>IPO: Δ from per-token mean log-probs instead of sums. Default false.</summary>
    public bool LengthNormalised { get; init; }

    /// <summary>Weight λ of an added SFT term −log π(chosen). Default 0 (off).</summary>
    public double SftWeight { get; init; }

    /// <summary>The SFT term uses the per-token mean log-prob. Default true.</summary>
    public bool SftLengthNormalised { get; init; } = true;
}
