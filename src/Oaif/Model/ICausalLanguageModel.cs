using TorchSharp;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// What training, sampling and judging need from a causal language model. The Llama-family model is
/// the main implementation; tests may use tiny hand-written ones.
/// </summary>
public interface ICausalLanguageModel : IDisposable
{
    /// <summary>Number of logits per position.</summary>
    int VocabSize { get; }

    /// <summary>The module that owns the parameters (for optimizers, train/eval mode, state dicts).</summary>
    nn.Module Module { get; }

    /// <summary>
    /// Logits for every position. <paramref name="inputIds"/> is int64 [B, T];
    /// <paramref name="attentionMask"/> is [B, T] with 1 for real tokens and 0 for (left) padding, or
    /// null when nothing is padded. Returns float32 [B, T, V].
    /// </summary>
    Tensor Forward(Tensor inputIds, Tensor? attentionMask = null);

    /// <summary>A deep copy with its own parameters, e.g. the frozen reference model.</summary>
    ICausalLanguageModel Clone();

    /// <summary>Writes the model as a Hugging Face directory (config.json + model.safetensors).</summary>
    void Save(string directory);
}
