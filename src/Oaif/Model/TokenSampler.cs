using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>Picks the next token of every row from its logits: argmax, or a draw after temperature,
/// top-k and top-p filtering from a seeded generator.</summary>
public sealed class TokenSampler : IDisposable
{
    readonly GenerationOptions options;
    readonly Generator? generator;

    public TokenSampler(GenerationOptions options, Device device)
    {
        this.options = options;
        if (options.Temperature > 0 && options.Seed is { } seed)
            generator = new Generator((ulong)seed, device);
    }

    /// <summary>Next ids int64 [B] for <paramref name="logits"/> float32 [B, V].</summary>
    public Tensor Pick(Tensor logits)
    {
        if (options.Temperature == 0) return logits.argmax(-1);
        using var scope = NewDisposeScope();
        var scaled = logits / options.Temperature;
        if (options.TopK > 0 && options.TopK < logits.size(-1)) scaled = KeepTopK(scaled, options.TopK);
        if (options.TopP < 1) scaled = KeepTopP(scaled, options.TopP);
        var probabilities = scaled.softmax(-1);
        var drawn = multinomial(probabilities, 1, replacement: false, generator: generator).squeeze(-1);
        return drawn.MoveToOuterDisposeScope();
    }

    static Tensor KeepTopK(Tensor scaled, int k) // [B, V]
    {
        var kth = scaled.topk(k, dim: -1).values.narrow(-1, k - 1, 1); // [B, 1]
        return scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
    }

    /// <summary>Drops tokens outside the smallest most-likely set whose total probability reaches p;
    /// the most likely token always stays.</summary>
    static Tensor KeepTopP(Tensor scaled, double p) // [B, V]
    {
        var (sorted, order) = scaled.sort(-1, descending: true);
        var probabilities = sorted.softmax(-1);
        var before = probabilities.cumsum(-1) - probabilities; // mass of strictly more likely tokens
        var filtered = sorted.masked_fill(before.gt(p), double.NegativeInfinity);
        return full_like(scaled, double.NegativeInfinity).scatter(-1, order, filtered);
    }

    public void Dispose() => generator?.Dispose();
}
