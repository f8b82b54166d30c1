using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>
/// A direct-alignment loss: a pure function from per-pair log-probabilities to per-pair losses [B].
/// The trainer averages over pairs; it never branches on which loss it holds.
/// </summary>
public interface IPreferenceLoss
{
    /// <summary>Short name used in configs and logs, e.g. "dpo".</summary>
    string Name { get; }

    /// <summary>The β used for the implicit rewards logged as rewards/chosen and rewards/rejected.</summary>
    double RewardBeta { get; }

    /// <summary>Per-pair loss, [B], differentiable in the policy log-probs.</summary>
    Tensor PerPairLoss(PairLogProbs x);
}
