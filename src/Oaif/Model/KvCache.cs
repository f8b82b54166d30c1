using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Keys and values of every layer for a batch being decoded, preallocated to a fixed capacity so a
/// decoding step writes one slot instead of concatenating. Also tracks which slots hold real tokens
/// (left padding does not) and the next rotary position of each row.
/// </summary>
public sealed class KvCache : IDisposable
{
    internal readonly Tensor[] Keys;   // per layer [B, Hkv, capacity, hd]
    internal readonly Tensor[] Values; // per layer [B, Hkv, capacity, hd]
    internal readonly Tensor KeyValid; // [B, capacity] bool
    internal Tensor NextPositions;     // [B] int64

    /// <summary>Rows in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Slots available (prompt + generated tokens).</summary>
    public int Capacity { get; }

    /// <summary>Slots filled so far.</summary>
    public int Length { get; internal set; }

    public KvCache(LlamaConfig config, int batchSize, int capacity, Device device, ScalarType dtype)
    {
        BatchSize = batchSize;
        Capacity = capacity;
        long[] shape = [batchSize, config.KeyValueHeads, capacity, config.HeadDim];
        Keys = new Tensor[config.NumHiddenLayers];
        Values = new Tensor[config.NumHiddenLayers];
        for (int i = 0; i < Keys.Length; i++)
        {
            Keys[i] = zeros(shape, dtype: dtype, device: device).DetachFromDisposeScope();
            Values[i] = zeros(shape, dtype: dtype, device: device).DetachFromDisposeScope();
        }
        KeyValid = zeros([batchSize, capacity], dtype: ScalarType.Bool, device: device)
            .DetachFromDisposeScope();
        NextPositions = zeros(batchSize, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
    }

    internal void SetNextPositions(Tensor next)
    {
        NextPositions.Dispose();
        NextPositions = next.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in Keys.Concat(Values)) t.Dispose();
        KeyValid.Dispose();
        NextPositions.Dispose();
    }
}
