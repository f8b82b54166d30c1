using System.Text;

namespace Oaif.Data;

/// <summary>
/// Seeded shuffles and train/eval splits that depend only on each row's content key and the seed,
/// never on row order in memory or on the runtime's Random: the same file and seed give the same split
/// on every machine. The key is a stable 64-bit FNV-1a hash of the seed and the key's UTF-8 bytes.
/// </summary>
public static class DatasetSplit
{
    /// <summary>Sends each row to eval with probability <paramref name="evalFraction"/>, by hash.</summary>
    public static (List<T> Train, List<T> Eval) TrainEval<T>(IEnumerable<T> rows, Func<T, string> key,
        double evalFraction, ulong seed)
    {
        if (evalFraction is < 0 or > 1)
            throw new OaifException($"eval fraction must be between 0 and 1, got {evalFraction}");
        var train = new List<T>();
        var eval = new List<T>();
        foreach (var row in rows)
            (Unit(Hash(key(row), seed)) < evalFraction ? eval : train).Add(row);
        return (train, eval);
    }

    /// <summary>Orders rows by their seeded hash (ties, i.e. duplicate keys, keep input order).</summary>
    public static List<T> Shuffle<T>(IEnumerable<T> rows, Func<T, string> key, ulong seed) =>
        rows.Select((row, i) => (row, i, h: Hash(key(row), seed)))
            .OrderBy(x => x.h).ThenBy(x => x.i).Select(x => x.row).ToList();

    /// <summary>Stable 64-bit hash of a key under a seed (FNV-1a, then a SplitMix64 finaliser so
    /// nearby keys spread over the whole range).</summary>
    public static ulong Hash(string key, ulong seed)
    {
        ulong h = 14695981039346656037UL ^ seed;
        foreach (byte b in Encoding.UTF8.GetBytes(key)) h = (h ^ b) * 1099511628211UL;
        h ^= h >> 30; h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27; h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }

    static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));
}
