namespace Oaif.Training;

/// <summary>
/// Optimizer choice and hyper-parameters (config section <c>optimizer</c>). Defaults are PyTorch's
/// AdamW defaults except weight decay, which is 0 as in HF/TRL trainers.
/// </summary>
public sealed record OptimizerOptions
{
    /// <summary>Optimizer name; only "adamw" (TorchSharp's) is implemented. Default adamw.</summary>
    public string Type { get; init; } = "adamw";

    /// <summary>First-moment decay. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Denominator epsilon. Default 1e-8.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay. Default 0.</summary>
    public double WeightDecay { get; init; }
}
