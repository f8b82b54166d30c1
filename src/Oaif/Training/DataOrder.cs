namespace Oaif.Training;

/// <summary>
/// Which examples form the batch of each step. Epoch e visits the data in a permutation drawn from a
/// System.Random seeded with (seed, e); steps walk it in consecutive slices and drop the tail that does
/// not fill a batch. The batch is a pure function of (seed, step), so resuming needs only the step.
/// </summary>
public sealed class DataOrder(int exampleCount, int batchExamples, int seed)
{
    int _cachedEpoch = -1;
    int[] _permutation = [];

    /// <summary>Full batches per pass over the data.</summary>
    public int StepsPerEpoch => exampleCount / batchExamples;

    /// <summary>Indices of the examples for step <paramref name="step"/> (1-based).</summary>
    public int[] Batch(int step)
    {
        int index = step - 1;
        int epoch = index / StepsPerEpoch;
        if (epoch != _cachedEpoch) (_cachedEpoch, _permutation) = (epoch, Permutation(epoch));
        return _permutation.AsSpan((index % StepsPerEpoch) * batchExamples, batchExamples).ToArray();
    }

    int[] Permutation(int epoch)
    {
        var order = Enumerable.Range(0, exampleCount).ToArray();
        // A fixed arithmetic mix, not HashCode.Combine, which is randomised per process.
        new Random(unchecked(seed * 1_000_003 + epoch)).Shuffle(order);
        return order;
    }
}
