namespace Oaif.Tokenization;

/// <summary>
/// Adjacent-pair counts over a bag of words (symbol sequences with frequencies) for BPE training, with
/// an index from each pair to the words it occurs in and a lazily cleaned max-heap of counts.
/// </summary>
internal sealed class PairStatistics
{
    readonly List<int[]> _words;
    readonly List<int> _frequencies;
    readonly Dictionary<(int, int), long> _counts = new();
    readonly Dictionary<(int, int), List<int>> _wordsWith = new();
    readonly PriorityQueue<(int, int), (long NegCount, int Left, int Right)> _heap = new();

    public PairStatistics(List<int[]> words, List<int> frequencies)
    {
        (_words, _frequencies) = (words, frequencies);
        for (int w = 0; w < words.Count; w++) AddPairs(w, +1, indexWord: true, changed: null);
        foreach (var (pair, count) in _counts) _heap.Enqueue(pair, (-count, pair.Item1, pair.Item2));
    }

    /// <summary>The most frequent pair with at least <paramref name="minCount"/> occurrences.</summary>
    public bool TryTakeBest(int minCount, out (int, int) best)
    {
        while (_heap.TryDequeue(out best, out var key))
        {
            long current = _counts.GetValueOrDefault(best);
            if (current != -key.NegCount) continue; // stale: the count changed after this entry
            if (current < minCount) return false;
            return true;
        }
        return false;
    }

    /// <summary>Replaces every occurrence of <paramref name="pair"/> by <paramref name="merged"/>.</summary>
    public void Apply((int Left, int Right) pair, int merged)
    {
        var changed = new HashSet<(int, int)>();
        foreach (int w in _wordsWith[pair].Distinct().ToList())
        {
            if (!Contains(_words[w], pair)) continue;
            AddPairs(w, -1, indexWord: false, changed);
            _words[w] = Replace(_words[w], pair, merged);
            AddPairs(w, +1, indexWord: true, changed);
        }
        _wordsWith.Remove(pair);
        foreach (var p in changed)
        {
            long count = _counts.GetValueOrDefault(p);
            if (count > 0) _heap.Enqueue(p, (-count, p.Item1, p.Item2));
        }
    }

    void AddPairs(int w, int sign, bool indexWord, HashSet<(int, int)>? changed)
    {
        var word = _words[w];
        for (int i = 0; i + 1 < word.Length; i++)
        {
            var pair = (word[i], word[i + 1]);
            _counts[pair] = _counts.GetValueOrDefault(pair) + sign * (long)_frequencies[w];
            changed?.Add(pair);
            if (!indexWord) continue;
            if (!_wordsWith.TryGetValue(pair, out var list)) _wordsWith[pair] = list = new List<int>();
            if (list.Count == 0 || list[^1] != w) list.Add(w);
        }
    }

    static bool Contains(int[] word, (int Left, int Right) pair)
    {
        for (int i = 0; i + 1 < word.Length; i++)
            if (word[i] == pair.Left && word[i + 1] == pair.Right) return true;
        return false;
    }

    static int[] Replace(int[] word, (int Left, int Right) pair, int merged)
    {
        var output = new List<int>(word.Length);
        for (int i = 0; i < word.Length; i++)
        {
            if (i + 1 < word.Length && word[i] == pair.Left && word[i + 1] == pair.Right)
            {
                output.Add(merged);
                i++;
            }
            else output.Add(word[i]);
        }
        return output.ToArray();
    }
}
