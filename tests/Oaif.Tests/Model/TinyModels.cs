using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Tests.Model;

/// <summary>Small randomly initialised models for tests that need no reference outputs.</summary>
internal static class TinyModels
{
    public static LlamaConfig Qwen2Like() => new()
    {
        HiddenSize = 32,
        IntermediateSize = 48,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        VocabSize = 64,
        MaxPositionEmbeddings = 128,
        RmsNormEps = 1e-6,
        RopeTheta = 1000000.0,
        TieWordEmbeddings = true,
        AttentionBias = true,
        BosTokenId = null,
        EosTokenId = 3,
        Architectures = ["Qwen2ForCausalLM"],
    };

    /// <summary>A model whose every parameter (biases and norm gains included) is random, seeded.</summary>
    public static LlamaForCausalLM Random(LlamaConfig config, long seed = 7)
    {
        var model = new LlamaForCausalLM(config);
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var (_, p) in model.named_parameters())
            p.copy_(randn(p.shape, generator: generator) * 0.3);
        model.eval();
        return model;
    }

    public static float MaxAbsDiff(Tensor a, Tensor b) =>
        (float)(a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();
}
