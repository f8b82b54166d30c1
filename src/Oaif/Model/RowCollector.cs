namespace Oaif.Model;

/// <summary>Host-side record of generated ids per row: stops a row at its first stop id and pads it
/// after.</summary>
internal sealed class RowCollector(int batchSize, HashSet<int> stopIds, int pad, bool keepLogProbs,
                                   int topLogProbs = 0)
{
    readonly List<TokenLogProb[]>[] top =
        Enumerable.Range(0, batchSize).Select(_ => new List<TokenLogProb[]>()).ToArray();
    readonly List<int>[] tokens = Enumerable.Range(0, batchSize).Select(_ => new List<int>()).ToArray();
    readonly List<float>[] logProbs = Enumerable.Range(0, batchSize).Select(_ => new List<float>()).ToArray();
    readonly bool[] stopped = new bool[batchSize];

    /// <summary>Ids to feed next (stopped rows get the pad id).</summary>
    public long[] LastTokens { get; } = new long[batchSize];

    public bool AllStopped => stopped.All(s => s);

    public void Add(long[] next, float[]? nextLogProbs, TokenLogProb[][]? nextTop = null)
    {
        for (int row = 0; row < batchSize; row++)
        {
            if (stopped[row])
            {
                LastTokens[row] = pad;
                continue;
            }
            int id = (int)next[row];
            tokens[row].Add(id);
            if (keepLogProbs && nextLogProbs != null) logProbs[row].Add(nextLogProbs[row]);
            if (nextTop != null) top[row].Add(nextTop[row]);
            LastTokens[row] = id;
            stopped[row] = stopIds.Contains(id);
        }
    }

    public IReadOnlyList<GeneratedSequence> Results() =>
        Enumerable.Range(0, batchSize)
            .Select(r => new GeneratedSequence(
                tokens[r].ToArray(), stopped[r], keepLogProbs ? logProbs[r].ToArray() : null)
            {
                TopLogProbs = topLogProbs > 0 ? top[r].ToArray() : null,
            })
            .ToList();
}
