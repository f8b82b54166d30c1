using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// A scalar reward r(prompt, response): the Llama decoder stack (<c>model.*</c>) and a linear head
/// <c>score</c> [1, C] read at the last real (non-padding) token of each row, as Hugging Face's
/// LlamaForSequenceClassification with num_labels 1. Saved with <see cref="RewardModelDirectory"/>.
/// Not thread-safe.
/// </summary>
public sealed class RewardModel : nn.Module
{
    public LlamaModel model;
    public Linear score; // weight [1, C], no bias (as HF)

    /// <summary>The backbone's shape and constants.</summary>
    public LlamaConfig Config { get; }

    /// <summary>Device of the parameters.</summary>
    public Device Device { get; }

    /// <summary>Parameter dtype.</summary>
    public ScalarType DType { get; }

    /// <summary>
    /// A reward model with a fresh backbone; the head is N(0, <see cref="ModelPresets.InitStd"/>)
    /// from <paramref name="seed"/>. Backbone weights are TorchSharp's defaults until copied in.
    /// </summary>
    public RewardModel(LlamaConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32,
        long seed = 0) : base(nameof(RewardModel))
    {
        config.Validate("reward model config");
        Config = config;
        Device = device ?? CPU;
        DType = dtype;
        model = new LlamaModel(config, Device, dtype);
        score = nn.Linear(config.HiddenSize, 1, hasBias: false, device: Device, dtype: dtype);
        using (no_grad())
            score.weight!.copy_(normal(0, ModelPresets.InitStd, [1, config.HiddenSize],
                generator: new Generator((ulong)seed)));
        RegisterComponents();
    }

    /// <summary>
    /// A reward model whose backbone is a copy of <paramref name="lm"/>'s decoder stack (its output
    /// head is dropped), e.g. to start from the SFT policy as in InstructGPT.
    /// </summary>
    public static RewardModel FromCausalLM(LlamaForCausalLM lm, long seed = 0)
    {
        var rm = new RewardModel(lm.Config, lm.Device, lm.DType, seed);
        var source = lm.model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, target) in rm.model.named_parameters()) target.copy_(source[name]);
        if (!lm.training) rm.eval();
        return rm;
    }

    /// <summary>
    /// Rewards float32 [B] for <paramref name="inputIds"/> int64 [B, T]. <paramref name="attentionMask"/>
    /// [B, T] marks real tokens with 1 (left or right padding), or is null when nothing is padded.
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        var hidden = model.Forward(inputIds, attentionMask, cache: null);   // [B, T, C]
        var last = LastRealPosition(inputIds, attentionMask);                // [B]
        var index = last.view(-1, 1, 1).expand(-1, 1, hidden.size(2));      // [B, 1, C]
        var pooled = hidden.gather(1, index).squeeze(1);                     // [B, C]
        return score.forward(pooled).squeeze(-1).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    // The largest position whose mask is 1: position × mask peaks there for either padding side.
    static Tensor LastRealPosition(Tensor inputIds, Tensor? attentionMask)
    {
        long b = inputIds.size(0), t = inputIds.size(1);
        if (attentionMask is null) return full(b, t - 1, ScalarType.Int64, inputIds.device);
        var positions = arange(t, ScalarType.Int64, inputIds.device).unsqueeze(0); // [1, T]
        return (positions * attentionMask.to(ScalarType.Int64)).argmax(1);          // [B]
    }

    /// <summary>A deep copy (same device and dtype).</summary>
    public RewardModel Clone()
    {
        var copy = new RewardModel(Config, Device, DType);
        var source = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, target) in copy.named_parameters()) target.copy_(source[name]);
        if (!training) copy.eval();
        return copy;
    }

    /// <summary>Writes the model as a Hugging Face LlamaForSequenceClassification directory.</summary>
    public void Save(string directory) => RewardModelDirectory.Save(this, directory);

    /// <summary>Loads what <see cref="Save"/> wrote (in eval mode).</summary>
    public static RewardModel Load(string directory, Device? device = null,
        ScalarType dtype = ScalarType.Float32) => RewardModelDirectory.Load(directory, device ?? CPU, dtype);
}
