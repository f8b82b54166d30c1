using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Named Llama shapes for training from scratch. The approximate sizes in the names count all
/// parameters at a 4096-token vocabulary (the BPE trainer's default); the embedding is tied to the
/// output head, so a smaller vocabulary shrinks mostly the tiny presets. Widths follow the usual
/// Llama ratios: head width 16–64, SwiGLU hidden ≈ 8/3 × width rounded to a multiple of 8.
/// </summary>
public static class ModelPresets
{
    /// <summary>Std of the normal initialisation; Hugging Face Llama's <c>initializer_range</c>.</summary>
    public const double InitStd = 0.02;

    sealed record Shape(int Hidden, int Layers, int Heads, int Intermediate);

    static readonly (string Name, Shape Shape)[] Table =
    [
        ("nano", new(32, 2, 4, 88)),        // ~0.2M
        ("micro", new(96, 4, 6, 256)),      // ~0.8M
        ("mini", new(256, 6, 8, 688)),      // ~5.8M
        ("small", new(384, 10, 6, 1024)),   // ~19M
        ("base", new(512, 15, 8, 1376)),    // ~50M
    ];

    /// <summary>Preset names, smallest first.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>
    /// The config of preset <paramref name="name"/> for a vocabulary of <paramref name="vocabSize"/>
    /// tokens and a context of <paramref name="maxPositions"/>. Special ids are left at null (set
    /// them from the tokenizer with <c>with</c>).
    /// </summary>
    public static LlamaConfig Create(string name, int vocabSize, int maxPositions)
    {
        var shape = Table.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Shape
            ?? throw new OaifException(
                $"model preset '{name}' is unknown; use one of {string.Join(", ", Names)}");
        if (vocabSize < 2) throw new OaifException($"model preset '{name}': vocabulary size {vocabSize} < 2");
        if (maxPositions < 2)
            throw new OaifException($"model preset '{name}': max positions {maxPositions} < 2");
        return new LlamaConfig
        {
            HiddenSize = shape.Hidden,
            IntermediateSize = shape.Intermediate,
            NumHiddenLayers = shape.Layers,
            NumAttentionHeads = shape.Heads,
            VocabSize = vocabSize,
            MaxPositionEmbeddings = maxPositions,
            RmsNormEps = 1e-5,
            TieWordEmbeddings = true,
            BosTokenId = null,
            EosTokenId = null,
        };
    }

    /// <summary>
    /// A freshly initialised model: every weight matrix and the embedding ~ N(0, <see cref="InitStd"/>)
    /// from a generator seeded with <paramref name="seed"/>, norm gains 1 (as Hugging Face initialises
    /// Llama). TorchSharp's default N(0, 1) embedding would start a tied model with huge logits.
    /// The global torch RNG is not touched, so the same seed gives the same model in any process.
    /// </summary>
    public static LlamaForCausalLM CreateModel(LlamaConfig config, long seed, Device? device = null,
        ScalarType dtype = ScalarType.Float32)
    {
        var model = new LlamaForCausalLM(config, CPU, ScalarType.Float32);
        using (var generator = new Generator((ulong)seed)) model.InitializeWeights(InitStd, generator);
        model.eval();
        if ((device ?? CPU).type == TorchSharp.DeviceType.CPU && dtype == ScalarType.Float32) return model;
        using (model) return model.CloneTo(device ?? CPU, dtype);
    }

    /// <summary>Parameters of a model with <paramref name="config"/>, counted from the shapes.</summary>
    public static long ParameterCount(LlamaConfig config)
    {
        var c = config;
        long hidden = c.HiddenSize, heads = c.NumAttentionHeads, kv = c.KeyValueHeads, head = c.HeadDim;
        long attention = hidden * heads * head * 2 + hidden * kv * head * 2
                         + (c.AttentionBias ? heads * head + 2 * kv * head : 0);
        long mlp = 3 * hidden * c.IntermediateSize;
        long perLayer = attention + mlp + 2 * hidden;
        long embedding = (long)c.VocabSize * hidden;
        return embedding * (c.TieWordEmbeddings ? 1 : 2) + c.NumHiddenLayers * perLayer + hidden;
    }
}
