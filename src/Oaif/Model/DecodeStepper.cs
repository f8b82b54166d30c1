using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>Produces next-token logits step by step for a left-padded batch: with a KV cache for
/// <see cref="LlamaForCausalLM"/>, by re-running the whole sequence for other models.</summary>
internal abstract class DecodeStepper : IDisposable
{
    /// <summary>Logits [B, V] for the next position; <paramref name="lastTokens"/> is null on the first
    /// call (the prompts) and afterwards the ids chosen at the previous step.</summary>
    public abstract Tensor NextLogits(long[]? lastTokens);

    public virtual void Dispose() { }

    public static DecodeStepper Create(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, int pad,
                                       int maxNewTokens, Device device)
    {
        var (ids, mask) = LeftPad(prompts, pad, device);
        return model is LlamaForCausalLM llama
            ? new CachedStepper(llama, ids, mask, maxNewTokens)
            : new RecomputingStepper(model, ids, mask);
    }

    /// <summary>ids int64 [B, T] and mask int64 [B, T], padding on the left.</summary>
    static (Tensor Ids, Tensor Mask) LeftPad(IReadOnlyList<int[]> prompts, int pad, Device device)
    {
        int b = prompts.Count, t = prompts.Max(p => p.Length);
        var ids = new long[b * t];
        var mask = new long[b * t];
        for (int row = 0; row < b; row++)
        {
            int offset = t - prompts[row].Length;
            for (int i = 0; i < t; i++)
            {
                ids[row * t + i] = i < offset ? pad : prompts[row][i - offset];
                mask[row * t + i] = i < offset ? 0 : 1;
            }
        }
        return (tensor(ids, [b, t], device: device), tensor(mask, [b, t], device: device));
    }

    sealed class CachedStepper(LlamaForCausalLM model, Tensor ids, Tensor mask, int maxNewTokens)
        : DecodeStepper
    {
        readonly KvCache cache = model.NewCache((int)ids.size(0), (int)ids.size(1) + maxNewTokens);

        public override Tensor NextLogits(long[]? lastTokens)
        {
            if (lastTokens is null) return model.Forward(ids, mask, cache, lastOnly: true).squeeze(1);
            var next = tensor(lastTokens, [lastTokens.Length, 1], device: ids.device); // [B, 1]
            var logits = model.Forward(next, null, cache, lastOnly: true);              // [B, 1, V]
            return logits.squeeze(1);
        }

        public override void Dispose() => cache.Dispose();
    }

    sealed class RecomputingStepper(ICausalLanguageModel model, Tensor ids, Tensor mask) : DecodeStepper
    {
        Tensor ids = ids.DetachFromDisposeScope(), mask = mask.DetachFromDisposeScope();

        public override Tensor NextLogits(long[]? lastTokens)
        {
            if (lastTokens != null)
            {
                var column = tensor(lastTokens, [lastTokens.Length, 1], device: ids.device);
                Replace(ref ids, cat([ids, column], 1));
                Replace(ref mask, cat([mask, ones_like(column)], 1));
            }
            var logits = model.Forward(ids, mask);              // [B, T, V]
            return logits.select(1, logits.size(1) - 1);
        }

        static void Replace(ref Tensor field, Tensor value)
        {
            field.Dispose();
            field = value.DetachFromDisposeScope();
        }

        public override void Dispose()
        {
            ids.Dispose();
            mask.Dispose();
        }
    }
}
