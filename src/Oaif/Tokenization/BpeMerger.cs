namespace Oaif.Tokenization;

/// <summary>
/// Applies ranked BPE merges to a sequence of symbol ids: repeatedly merge the adjacent pair with the
/// lowest rank (leftmost first on ties) until no adjacent pair has a merge. A linked list plus a heap
/// with stale-entry checks keeps this O(n log n), so a whole unsplit text (SentencePiece-style files
/// have no pre-tokenizer) is as cheap as a word.
/// </summary>
internal sealed class BpeMerger
{
    readonly Dictionary<(int Left, int Right), (int Rank, int Merged)> _merges;

    public BpeMerger(Dictionary<(int Left, int Right), (int Rank, int Merged)> merges) => _merges = merges;

    public int MergeCount => _merges.Count;

    /// <summary>Merges in place semantics: returns the merged ids. Ids below zero are unknown symbols
    /// that never merge.</summary>
    public List<int> Merge(IReadOnlyList<int> symbols)
    {
        int n = symbols.Count;
        var result = new List<int>(n);
        if (n < 2)
        {
            result.AddRange(symbols);
            return result;
        }
        var ids = new int[n];
        var next = new int[n];
        var prev = new int[n];
        for (int i = 0; i < n; i++) { ids[i] = symbols[i]; next[i] = i + 1; prev[i] = i - 1; }
        next[n - 1] = -1;

        var heap = new PriorityQueue<int, (int Rank, int Pos)>();
        for (int i = 0; i + 1 < n; i++) Push(heap, ids, i, i + 1);

        while (heap.TryDequeue(out int pos, out var key))
        {
            // Skip entries made stale by earlier merges: the slot died or now holds another pair.
            if (ids[pos] == int.MinValue || next[pos] < 0) continue;
            int right = next[pos];
            if (!_merges.TryGetValue((ids[pos], ids[right]), out var m) || m.Rank != key.Rank) continue;

            ids[pos] = m.Merged;
            ids[right] = int.MinValue;
            next[pos] = next[right];
            if (next[pos] >= 0) prev[next[pos]] = pos;
            if (prev[pos] >= 0) Push(heap, ids, prev[pos], pos);
            if (next[pos] >= 0) Push(heap, ids, pos, next[pos]);
        }
        for (int i = 0; i >= 0; i = next[i]) result.Add(ids[i]);
        return result;
    }

    void Push(PriorityQueue<int, (int, int)> heap, int[] ids, int left, int right)
    {
        if (_merges.TryGetValue((ids[left], ids[right]), out var m)) heap.Enqueue(left, (m.Rank, left));
    }
}
