using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// The frozen reference π_ref: a model with gradients off, in eval mode, never given to an optimizer.
/// Scores responses under no_grad.
/// </summary>
public sealed class ReferenceModel : IDisposable
{
    readonly bool _owned;

    ReferenceModel(ICausalLanguageModel model, bool owned)
    {
        Model = model;
        _owned = owned;
        foreach (var p in model.Module.parameters()) p.requires_grad = false;
        model.Module.eval();
    }

    /// <summary>The frozen model.</summary>
    public ICausalLanguageModel Model { get; }

    /// <summary>
    /// A frozen deep copy of the starting policy (which stays trainable); this object owns it.
    /// </summary>
    public static ReferenceModel CopyOf(ICausalLanguageModel policy) => new(policy.Clone(), owned: true);

    /// <summary>Freezes <paramref name="model"/> in place, e.g. a reference loaded again on resume.</summary>
    public static ReferenceModel Wrap(ICausalLanguageModel model, bool owned) => new(model, owned);

    /// <summary>Response log-probs without building a graph.</summary>
    public SequenceLogProbs Score(IReadOnlyList<(long[] Prompt, long[] Response)> rows, PaddingSide padding)
    {
        using var noGrad = no_grad();
        return ResponseLogProbs.Compute(Model, rows, padding);
    }

    /// <summary>
    /// Sum of |θ| over parameters: a cheap fingerprint to check a resumed run got the same π_ref.
    /// </summary>
    public double Fingerprint()
    {
        using var noGrad = no_grad();
        double total = 0;
        foreach (var p in Model.Module.parameters())
        {
            using var s = p.abs().sum().to_type(ScalarType.Float64);
            total += s.item<double>();
        }
        return total;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_owned) Model.Dispose();
    }
}
