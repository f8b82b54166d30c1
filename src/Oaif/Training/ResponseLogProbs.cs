using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// log π(response | prompt) for a batch of (prompt ids, response ids): one padded forward pass, the
/// log-softmax of each next token in float32, prompt and padding masked out.
/// </summary>
public static class ResponseLogProbs
{
    /// <summary>
    /// Scores every (prompt, response) row in one forward pass. The first token of a row has no context
    /// and is never scored, so with an empty prompt the response's first token is skipped: tokenizers
    /// should put BOS into the prompt. Gradients flow unless called under no_grad.
    /// </summary>
    public static SequenceLogProbs Compute(
        ICausalLanguageModel model,
        IReadOnlyList<(long[] Prompt, long[] Response)> rows,
        PaddingSide padding = PaddingSide.Left,
        long padId = 0)
    {
        var batch = PaddedBatch.Build(rows, padding, padId);
        using var inputIds = batch.InputIds;
        using var attention = batch.AttentionMask;
        using var responseMask = batch.ResponseMask;
        using var logits = model.Forward(inputIds, batch.HasPadding ? attention : null); // [B, T, V]
        return Gather(logits, inputIds, responseMask);
    }

    /// <summary>
    /// Sums log p(token_t | tokens_&lt;t) over positions where <paramref name="scoreMask"/> is 1.
    /// </summary>
    internal static SequenceLogProbs Gather(Tensor logits, Tensor inputIds, Tensor scoreMask)
    {
        using var scope = NewDisposeScope();
        long t = inputIds.shape[1];
        var predicting = logits.narrow(1, 0, t - 1).to_type(ScalarType.Float32); // [B, T-1, V]
        var targets = inputIds.narrow(1, 1, t - 1).unsqueeze(-1);                 // [B, T-1, 1]
        var mask = scoreMask.narrow(1, 1, t - 1).to_type(ScalarType.Float32);     // [B, T-1]

        // log_softmax gathered at the target = logit[target] − logsumexp(logits); this form never
        // materialises a second [B, T-1, V] tensor.
        var tokenLogits = predicting.gather(-1, targets).squeeze(-1);             // [B, T-1]
        var tokenLogProbs = tokenLogits - predicting.logsumexp(-1, false);        // [B, T-1]
        var sum = (tokenLogProbs * mask).sum(-1);                                 // [B]
        var count = mask.sum(-1);                                                 // [B]
        var mean = sum / count.clamp_min(1);
        return new SequenceLogProbs(sum.MoveToOuterDisposeScope(), mean.MoveToOuterDisposeScope(),
            count.MoveToOuterDisposeScope());
    }
}
