using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Grouped-query self-attention with rotary positions: n_heads query heads share n_kv_heads key/value
/// heads (n_kv_heads divides n_heads; equal means ordinary multi-head attention). q/k/v carry biases
/// when the config asks (Qwen2). HF keys q_proj, k_proj, v_proj, o_proj.
/// </summary>
public sealed class LlamaAttention : nn.Module
{
    public Linear q_proj; // [H*hd, C]
    public Linear k_proj; // [Hkv*hd, C]
    public Linear v_proj; // [Hkv*hd, C]
    public Linear o_proj; // [C, H*hd]

    readonly int heads, kvHeads, headDim, layerIndex;

    public LlamaAttention(LlamaConfig config, int layerIndex, Device? device, ScalarType dtype)
        : base(nameof(LlamaAttention))
    {
        heads = config.NumAttentionHeads;
        kvHeads = config.KeyValueHeads;
        headDim = config.HeadDim;
        this.layerIndex = layerIndex;
        int c = config.HiddenSize;
        bool bias = config.AttentionBias;
        q_proj = nn.Linear(c, heads * headDim, hasBias: bias, device: device, dtype: dtype);
        k_proj = nn.Linear(c, kvHeads * headDim, hasBias: bias, device: device, dtype: dtype);
        v_proj = nn.Linear(c, kvHeads * headDim, hasBias: bias, device: device, dtype: dtype);
        o_proj = nn.Linear(heads * headDim, c, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    internal Tensor Forward(Tensor x, AttentionContext context) // x: [B, T, C]
    {
        using var scope = NewDisposeScope();
        long b = x.size(0), t = x.size(1);
        var q = SplitHeads(q_proj.forward(x), heads);   // [B, H, T, hd]
        var k = SplitHeads(k_proj.forward(x), kvHeads); // [B, Hkv, T, hd]
        var v = SplitHeads(v_proj.forward(x), kvHeads); // [B, Hkv, T, hd]
        q = RotaryEmbedding.Apply(q, context.Cos, context.SignedSin);
        k = RotaryEmbedding.Apply(k, context.Cos, context.SignedSin);
        Tensor attended; // [B, H, T, hd]
        if (context.Cache is { } cache)
        {
            (k, v) = AppendToCache(cache, context.Start, k, v);
            attended = GroupedAttention(q, k, v, context.Mask!);
        }
        else
        {
            attended = nn.functional.scaled_dot_product_attention(
                q, RepeatKv(k), RepeatKv(v), context.Mask, is_casual: context.Mask is null);
        }
        var merged = attended.transpose(1, 2).reshape(b, t, heads * headDim);
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    Tensor SplitHeads(Tensor projected, int count) =>
        projected.view(projected.size(0), projected.size(1), count, headDim).transpose(1, 2);

    /// <summary>Writes the new keys/values into their slots; returns all filled slots [B, Hkv, S,
    /// hd].</summary>
    (Tensor Keys, Tensor Values) AppendToCache(KvCache cache, int start, Tensor k, Tensor v)
    {
        long t = k.size(2);
        cache.Keys[layerIndex].narrow(2, start, t).copy_(k);
        cache.Values[layerIndex].narrow(2, start, t).copy_(v);
        long filled = start + t;
        return (cache.Keys[layerIndex].narrow(2, 0, filled), cache.Values[layerIndex].narrow(2, 0, filled));
    }

    /// <summary>
    /// Attention against cached keys without copying them per query head: the G = H / Hkv query heads of
    /// a group are stacked as extra query rows of their kv head, so q [B, H, T, hd] becomes
    /// [B, Hkv, G*T, hd] and the mask [B, 1, T, S] is repeated G times along the rows.
    /// </summary>
    Tensor GroupedAttention(Tensor q, Tensor k, Tensor v, Tensor mask)
    {
        int group = heads / kvHeads;
        if (group == 1) return nn.functional.scaled_dot_product_attention(q, k, v, mask);
        long b = q.size(0), t = q.size(2);
        var stacked = q.reshape(b, kvHeads, group * t, headDim);
        var stackedMask = t == 1 ? mask : mask.repeat(1, 1, group, 1);           // [B, 1, G*T, S]
        var attended = nn.functional.scaled_dot_product_attention(
            stacked, k, v, stackedMask);                                          // [B, Hkv, G*T, hd]
        return attended.reshape(b, heads, t, headDim);
    }

    /// <summary>Expands key/value heads so query head h reads kv head h / (H / Hkv), as HF
    /// repeat_kv.</summary>
    Tensor RepeatKv(Tensor kv) // [B, Hkv, S, hd] -> [B, H, S, hd]
    {
        if (kvHeads == heads) return kv;
        int group = heads / kvHeads;
        long b = kv.size(0), s = kv.size(2);
        return kv.unsqueeze(2).expand(b, kvHeads, group, s, headDim).reshape(b, heads, s, headDim);
    }
}
