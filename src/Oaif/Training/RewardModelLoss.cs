using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// The Bradley–Terry loss of reward modelling (InstructGPT, Ouyang et al. 2022):
/// −log σ(r_chosen − r_rejected) per pair, computed as softplus(r_rejected − r_chosen) so large
/// margins neither overflow nor lose precision.
/// </summary>
public static class RewardModelLoss
{
    /// <summary>Per-pair losses [B] from rewards <paramref name="chosen"/> and <paramref name="rejected"/>
    /// [B].</summary>
    public static Tensor PerPair(Tensor chosen, Tensor rejected) =>
        nn.functional.softplus(rejected - chosen);
}
