using System.Text;
using System.Text.RegularExpressions;

namespace Oaif.Tokenization;

/// <summary>
/// Trains a byte-level BPE vocabulary (GPT-2 style) on a text corpus. Words come from the GPT-2 split
/// regex; each merge joins the most frequent adjacent pair (ties: smallest ids first, so a run is
/// deterministic). Pair counts are updated only in the words that contain the merged pair, which keeps
/// a 4-8k vocabulary on a few MB of text to seconds.
/// </summary>
public static class BpeTrainer
{
    /// <summary>Trains on the given texts. Each text is split separately (no pair crosses texts).</summary>
    public static TrainedBpe Train(IEnumerable<string> texts, BpeTrainerOptions options)
    {
        options.Validate();
        var words = CountWords(texts);
        var state = new PairStatistics(words.Keys.Select(ToBytes).ToList(), words.Values.ToList());
        int budget = options.VocabSize - 256 - options.SpecialTokens.Count;
        var tokens = Enumerable.Range(0, 256)
            .Select(b => ByteLevelAlphabet.Encode((byte)b).ToString()).ToList();
        var idOf = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var merges = new List<(int Left, int Right)>();

        // Symbols 0-255 are bytes (as byte-level characters); each merge adds one symbol, unless its
        // string already exists (e.g. "ab"+"c" after "a"+"bc"), in which case it reuses that symbol.
        while (tokens.Count - 256 < budget && state.TryTakeBest(options.MinPairFrequency, out var pair))
        {
            string joined = tokens[pair.Item1] + tokens[pair.Item2];
            if (!idOf.TryGetValue(joined, out int symbol))
            {
                symbol = tokens.Count;
                tokens.Add(joined);
                idOf[joined] = symbol;
            }
            state.Apply(pair, symbol);
            merges.Add(pair);
        }
        return new TrainedBpe(tokens, merges, options);
    }

    static Dictionary<string, int> CountWords(IEnumerable<string> texts)
    {
        var regex = new Regex(PreTokenizer.Gpt2Pattern, RegexOptions.Compiled);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            for (var m = regex.Match(text); m.Success; m = m.NextMatch())
                counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        return counts;
    }

    static int[] ToBytes(string word) => Encoding.UTF8.GetBytes(word).Select(b => (int)b).ToArray();
}
