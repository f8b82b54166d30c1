using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// What every layer's attention needs for one forward call, computed once per call: rotary tables,
/// the boolean mask (null means plain causal with nothing padded), and the cache slot to write.
/// </summary>
internal sealed record AttentionContext(Tensor Cos, Tensor SignedSin, Tensor? Mask, KvCache? Cache, int Start)
{
    /// <summary>
    /// Builds the context for <paramref name="newMask"/> [B, T] bool (real tokens) following
    /// the slots already in the cache. Positions count real tokens only, so a left-padded row
    /// gets the same positions as the unpadded prompt.
    /// </summary>
    public static AttentionContext Create(Tensor newMask, bool anyPadding, KvCache? cache,
                                          RotaryEmbedding rotary, ScalarType dtype)
    {
        long t = newMask.size(1);
        int start = cache?.Length ?? 0;
        var counts = newMask.to(ScalarType.Int64).cumsum(1);                 // [B, T]
        var basePositions = cache?.NextPositions.unsqueeze(1);              // [B, 1]
        var positions = (basePositions is null ? counts - 1 : basePositions + counts - 1).clamp_min(0);
        var (cos, sin) = rotary.Tables(positions, dtype);

        Tensor keyValid = newMask;                                          // [B, S]
        if (cache != null)
        {
            cache.KeyValid.narrow(1, start, t).copy_(newMask);
            keyValid = cache.KeyValid.narrow(1, 0, start + t);
            cache.SetNextPositions(cache.NextPositions + counts.select(1, t - 1));
        }
        // Plain causal attention needs no mask tensor, except with a cache (grouped heads need explicit
        // rows).
        if (!anyPadding && start == 0 && cache is null)
            return new AttentionContext(cos, sin, null, cache, start);
        return new AttentionContext(cos, sin, BuildMask(keyValid, t, start), cache, start);
    }

    /// <summary>[B, 1, T, S] bool: causal, real keys only, and each query always sees itself so a
    /// padding query never has an empty (NaN) softmax row.</summary>
    static Tensor BuildMask(Tensor keyValid, long t, int start)
    {
        long s = keyValid.size(1);
        var keyIndex = arange(s, device: keyValid.device).unsqueeze(0);              // [1, S]
        var queryIndex = (arange(t, device: keyValid.device) + start).unsqueeze(1);  // [T, 1]
        var causal = keyIndex.le(queryIndex);                                         // [T, S]
        var self = keyIndex.eq(queryIndex);                                           // [T, S]
        var allowed = causal.unsqueeze(0) & keyValid.unsqueeze(1);                    // [B, T, S]
        return (allowed | self.unsqueeze(0)).unsqueeze(1);                            // [B, 1, T, S]
    }
}
