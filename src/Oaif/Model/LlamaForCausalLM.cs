using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// A Llama-family causal language model (Llama, Mistral without sliding window, Qwen2) on TorchSharp.
/// Parameter names equal the Hugging Face keys (model.embed_tokens.weight,
/// model.layers.N.self_attn.q_proj.weight,
/// ..., model.norm.weight, lm_head.weight), so the state dict maps 1:1 onto safetensors. With tied
/// embeddings there is no lm_head parameter: the output projection reuses the embedding matrix.
/// Known gaps: Mistral's sliding window is not applied (identical results while the sequence is shorter
/// than the window); rope_scaling (Llama 3.1+) is refused when the config is read; not thread-safe.
/// </summary>
public sealed class LlamaForCausalLM : nn.Module, ICausalLanguageModel
{
    public LlamaModel model;
    public Linear? lm_head; // [V, C]; null when tied

    /// <summary>The shape and constants this model was built from.</summary>
    public LlamaConfig Config { get; }

    /// <summary>Device of the parameters.</summary>
    public Device Device { get; }

    /// <summary>Parameter dtype (float32 or bfloat16; float64 for tests).</summary>
    public ScalarType DType { get; }

    public LlamaForCausalLM(LlamaConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(LlamaForCausalLM))
    {
        config.Validate("model config");
        // float64 is accepted for numerical tests: it makes kernel summation order irrelevant.
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16
                          or ScalarType.Float16 or ScalarType.Float64))
            throw new OaifException($"model dtype {dtype} is not supported; use float32 or bfloat16");
        Config = config;
        Device = device ?? CPU;
        DType = dtype;
        model = new LlamaModel(config, Device, dtype);
        if (!config.TieWordEmbeddings)
            lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false,
                device: Device, dtype: dtype);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public int VocabSize => Config.VocabSize;

    /// <inheritdoc/>
    public nn.Module Module => this;

    /// <inheritdoc/>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null) =>
        Forward(inputIds, attentionMask, cache: null);

    /// <summary>
    /// Logits float32 [B, T, V] (or [B, 1, V] for the last position only when <paramref name="lastOnly"/>),
    /// continuing the sequences in <paramref name="cache"/> when given. <paramref name="attentionMask"/>
    /// [B, T] marks real tokens (1) and left padding (0) of the new tokens only.
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask, KvCache? cache, bool lastOnly = false)
    {
        using var scope = NewDisposeScope();
        var hidden = model.Forward(inputIds, attentionMask, cache); // [B, T, C]
        if (lastOnly) hidden = hidden.narrow(1, hidden.size(1) - 1, 1);
        var logits = lm_head is null
            ? nn.functional.linear(hidden, model.embed_tokens.weight!)
            : lm_head.forward(hidden);                               // [B, T, V]
        return logits.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>An empty cache for <paramref name="batchSize"/> rows and <paramref name="capacity"/>
    /// tokens.</summary>
    public KvCache NewCache(int batchSize, int capacity) => new(Config, batchSize, capacity, Device, DType);

    /// <inheritdoc/>
    public ICausalLanguageModel Clone() => CloneTo(Device, DType);

    /// <summary>A deep copy on another device or dtype.</summary>
    public LlamaForCausalLM CloneTo(Device device, ScalarType dtype)
    {
        var copy = new LlamaForCausalLM(Config, device, dtype);
        var source = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            foreach (var (name, target) in copy.named_parameters())
                target.copy_(source[name]);
        }
        if (!training) copy.eval();
        return copy;
    }

    /// <inheritdoc/>
    public void Save(string directory) => HfModelDirectory.Save(this, directory);

    /// <summary>
    /// Re-draws the weights for training from scratch the way Hugging Face initialises Llama: every
    /// linear and embedding weight from N(0, <paramref name="std"/>²) (initializer_range, default 0.02),
    /// biases zero, norm weights one. TorchSharp's own defaults (N(0, 1) embeddings) give a tied output
    /// layer logits of standard deviation ~√hidden and a first loss several times ln(vocab). Draws from
    /// <paramref name="generator"/>, or the global torch generator when null.
    /// </summary>
    public void InitializeWeights(double std = 0.02, Generator? generator = null)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.fill_(1.0);
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
            else parameter.normal_(0, std, generator);
        }
    }
}
