using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>Rewards for rows of (prompt ids, response ids), batched into one padded forward pass.</summary>
public static class RewardModelScores
{
    /// <summary>
    /// Rewards float32 [B], one per row. Gradients flow unless called under no_grad.
    /// <paramref name="padId"/> only fills padding positions, which the mask hides.
    /// </summary>
    public static Tensor Compute(RewardModel rm, IReadOnlyList<(long[] Prompt, long[] Response)> rows,
        PaddingSide padding = PaddingSide.Left, long padId = 0)
    {
        var batch = PaddedBatch.Build(rows, padding, padId);
        using var ids = batch.InputIds;
        using var attention = batch.AttentionMask;
        using var responseMask = batch.ResponseMask;
        return rm.Forward(ids, batch.HasPadding ? attention : null); // [B]
    }
}
