using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Oaif.Tokenization;

/// <summary>
/// The <c>model</c> section of a tokenizer.json with type BPE: vocabulary, ranked merges and how to
/// treat characters missing from the vocabulary (byte_fallback pieces &lt;0xNN&gt;, or unk_token).
/// Works on bytes (byte-level files: GPT-2, Llama-3, Qwen2, SmolLM) or on characters
/// (SentencePiece-style files: Llama-2, Mistral).
/// </summary>
internal sealed class BpeModel
{
    const int CacheLimit = 200_000;

    readonly Dictionary<string, int> _vocab;
    readonly BpeMerger _merger;
    readonly ConcurrentDictionary<string, int[]> _cache = new();
    readonly bool _byteLevel;
    readonly bool _ignoreMerges;
    readonly bool _byteFallback;
    readonly bool _fuseUnknown;
    readonly int? _unknownId;
    readonly int[] _byteFallbackIds = new int[256];

    BpeModel(Dictionary<string, int> vocab, BpeMerger merger, bool byteLevel, bool ignoreMerges,
        bool byteFallback, bool fuseUnknown, int? unknownId)
    {
        (_vocab, _merger, _byteLevel, _ignoreMerges) = (vocab, merger, byteLevel, ignoreMerges);
        (_byteFallback, _fuseUnknown, _unknownId) = (byteFallback, fuseUnknown, unknownId);
        if (byteFallback)
            for (int b = 0; b < 256; b++) _byteFallbackIds[b] = vocab.GetValueOrDefault($"<0x{b:X2}>", -1);
    }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    public bool ByteFallback => _byteFallback;

    public int MergeCount => _merger.MergeCount;

    public static BpeModel Parse(JsonElement model, bool byteLevel, string file)
    {
        string type = TokenizerJson.OptionalString(model, "type") ?? "BPE";
        if (type != "BPE")
            throw new OaifException($"{file}: model.type '{type}' is not supported (only BPE)");
        RefuseSet(model, "dropout", file);
        RefuseSet(model, "continuing_subword_prefix", file);
        RefuseSet(model, "end_of_word_suffix", file);

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in TokenizerJson.RequireObject(model, "vocab", file, "model").EnumerateObject())
        {
            var value = entry.Value;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int id) || id < 0)
                throw new OaifException($"{file}: model.vocab[\"{entry.Name}\"] must be a non-negative " +
                    $"integer id");
            vocab[entry.Name] = id;
        }
        var merger = new BpeMerger(ParseMerges(model, vocab, file));
        string? unk = TokenizerJson.OptionalString(model, "unk_token");
        int? unkId = unk != null && vocab.TryGetValue(unk, out int u) ? u : null;
        if (byteLevel)
            foreach (var b in Enumerable.Range(0, 256))
                if (!vocab.ContainsKey(ByteLevelAlphabet.Encode((byte)b).ToString()))
                    throw new OaifException($"{file}: model.vocab lacks the byte-level token for byte " +
                        $"0x{b:X2}");
        return new BpeModel(vocab, merger, byteLevel,
            TokenizerJson.OptionalBool(model, "ignore_merges", false),
            TokenizerJson.OptionalBool(model, "byte_fallback", false),
            TokenizerJson.OptionalBool(model, "fuse_unk", false), unkId);
    }

    /// <summary>Ids for one pre-tokenized piece.</summary>
    public void EncodePiece(string piece, List<int> output)
    {
        if (piece.Length == 0) return;
        string symbols = _byteLevel ? ByteLevelAlphabet.EncodeText(piece) : piece;
        if (_cache.TryGetValue(symbols, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var ids = EncodeUncached(symbols);
        if (_cache.Count < CacheLimit && symbols.Length < 256) _cache[symbols] = ids;
        output.AddRange(ids);
    }

    int[] EncodeUncached(string symbols)
    {
        if (_ignoreMerges && _vocab.TryGetValue(symbols, out int whole)) return new[] { whole };
        var unknown = new List<string>();
        var initial = new List<int>(symbols.Length);
        var runes = symbols.EnumerateRunes();
        foreach (var rune in runes)
        {
            string s = rune.ToString();
            if (_vocab.TryGetValue(s, out int id)) initial.Add(id);
            else { unknown.Add(s); initial.Add(-unknown.Count); }
        }
        var merged = _merger.Merge(initial);
        return unknown.Count == 0 ? merged.ToArray() : ResolveUnknown(merged, unknown);
    }

    // Negative ids are characters missing from the vocabulary: byte pieces, or unk (fused if asked).
    int[] ResolveUnknown(List<int> merged, List<string> unknown)
    {
        var output = new List<int>(merged.Count + 4);
        foreach (int id in merged)
        {
            if (id >= 0) { output.Add(id); continue; }
            string ch = unknown[-id - 1];
            if (_byteFallback && Encoding.UTF8.GetBytes(ch).All(b => _byteFallbackIds[b] >= 0))
            {
                foreach (byte b in Encoding.UTF8.GetBytes(ch)) output.Add(_byteFallbackIds[b]);
                continue;
            }
            if (_unknownId is not int unk)
                throw new OaifException($"character U+{char.ConvertToUtf32(ch, 0):X4} is not in the " +
                    $"vocabulary " +
                                        "and the tokenizer has neither byte_fallback nor unk_token");
            if (!(_fuseUnknown && output.Count > 0 && output[^1] == unk)) output.Add(unk);
        }
        return output.ToArray();
    }

    /// <summary>Appends the UTF-8 bytes a vocabulary token stands for.</summary>
    public void AppendBytes(string token, List<byte> output)
    {
        if (_byteLevel)
        {
            if (!ByteLevelAlphabet.TryAppendBytes(token, output))
                output.AddRange(Encoding.UTF8.GetBytes(token));
            return;
        }
        if (_byteFallback && token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal)
            && token[5] == '>' && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, null, out byte b))
        {
            output.Add(b);
            return;
        }
        output.AddRange(Encoding.UTF8.GetBytes(token.Replace('▁', ' ')));
    }

    static Dictionary<(int, int), (int, int)> ParseMerges(JsonElement model, Dictionary<string, int> vocab,
        string file)
    {
        var merges = new Dictionary<(int, int), (int, int)>();
        int rank = 0;
        foreach (var entry in TokenizerJson.RequireArray(model, "merges", file, "model"))
        {
            var (left, right) = SplitMerge(entry, rank, file);
            if (!vocab.TryGetValue(left, out int l) || !vocab.TryGetValue(right, out int r)
                || !vocab.TryGetValue(left + right, out int m))
                throw new OaifException($"{file}: model.merges[{rank}] \"{left} {right}\" uses a token " +
                                        "missing from model.vocab");
            merges.TryAdd((l, r), (rank, m));
            rank++;
        }
        return merges;
    }

    // Older files write a merge as "left right"; tokenizers >= 0.20 write ["left", "right"].
    static (string, string) SplitMerge(JsonElement entry, int rank, string file)
    {
        if (entry.ValueKind == JsonValueKind.String)
        {
            string s = entry.GetString()!;
            int space = s.IndexOf(' ', 1);
            if (space > 0 && space < s.Length - 1 && s.IndexOf(' ', space + 1) < 0)
                return (s[..space], s[(space + 1)..]);
        }
        else if (entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() == 2
                 && entry[0].ValueKind == JsonValueKind.String && entry[1].ValueKind == JsonValueKind.String)
            return (entry[0].GetString()!, entry[1].GetString()!);
        throw new OaifException($"{file}: model.merges[{rank}] must be \"left right\" or [\"left\", " +
            $"\"right\"]");
    }

    static void RefuseSet(JsonElement model, string field, string file)
    {
        var v = TokenizerJson.Optional(model, field);
        bool set = v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.String => v.GetString()!.Length > 0,
            JsonValueKind.Number => v.GetDouble() != 0,
            _ => true,
        };
        if (set) throw new OaifException($"{file}: model.{field} is set; it is not supported");
    }
}
