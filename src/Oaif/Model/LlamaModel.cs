using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>The decoder stack without the output head (HF prefix <c>model.</c>): embeddings, layers, final
/// norm.</summary>
public sealed class LlamaModel : nn.Module
{
    public Embedding embed_tokens;              // weight [V, C]
    public ModuleList<LlamaDecoderLayer> layers;
    public RmsNorm norm;

    readonly RotaryEmbedding rotary;

    public LlamaModel(LlamaConfig config, Device? device, ScalarType dtype) : base(nameof(LlamaModel))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers)
            .Select(i => new LlamaDecoderLayer(config, i, device, dtype)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        rotary = new RotaryEmbedding(config.HeadDim, config.RopeTheta);
        RegisterComponents();
    }

    /// <summary>Final hidden states [B, T, C] for <paramref name="inputIds"/> [B, T].</summary>
    internal Tensor Forward(Tensor inputIds, Tensor? attentionMask, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var realTokens = attentionMask?.to(ScalarType.Bool)
                         ?? ones_like(inputIds, dtype: ScalarType.Bool);     // [B, T]
        var x = embed_tokens.forward(inputIds);                              // [B, T, C]
        var context = AttentionContext.Create(realTokens, attentionMask is not null, cache, rotary, x.dtype);
        foreach (var layer in layers) x = layer.Forward(x, context);
        if (cache != null) cache.Length += (int)inputIds.size(1);
        return norm.forward(x).MoveToOuterDisposeScope();
    }
}
