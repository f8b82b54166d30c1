using System.Globalization;
using System.Text;

namespace Oaif.Tokenization;

/// <summary>
/// The llama2.c <c>tokenizer.bin</c>: int32 max_token_length, then per token float32 score, int32
/// byte length, bytes (little-endian). Ids follow the SentencePiece Llama convention: 0 = &lt;unk&gt;,
/// 1 = BOS, 2 = EOS, 3..258 = byte pieces &lt;0x00&gt;..&lt;0xFF&gt;. Encoding copies llama2.c's
/// run.c: a leading space, code points looked up whole (else byte fallback), then repeatedly merge the
/// adjacent pair whose joined string is a token with the highest score.
/// </summary>
public sealed class Llama2cTokenizer : ITokenizer
{
    const int ByteFallbackOffset = 3;

    readonly byte[][] _tokens;
    readonly float[] _scores;
    readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    Llama2cTokenizer(byte[][] tokens, float[] scores, int maxTokenLength)
    {
        (_tokens, _scores, MaxTokenLength) = (tokens, scores, maxTokenLength);
        for (int i = 0; i < tokens.Length; i++) _ids.TryAdd(Key(tokens[i]), i);
    }

    public int VocabSize => _tokens.Length;
    public int? BosId => VocabSize > 1 ? 1 : null;
    public int? EosId => VocabSize > 2 ? 2 : null;
    public int? PadId => EosId;

    /// <summary>The longest token in bytes, as stored in the header.</summary>
    public int MaxTokenLength { get; }

    /// <summary>Reads a tokenizer.bin; the vocabulary size is however many entries the file holds.</summary>
    public static Llama2cTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: tokenizer file not found");
        using var reader = new BinaryReader(File.OpenRead(path));
        long length = reader.BaseStream.Length;
        if (length < 4) throw new OaifException($"{path}: too short for a llama2.c tokenizer header");
        int maxLength = reader.ReadInt32();
        if (maxLength <= 0 || maxLength > 1 << 16)
            throw new OaifException($"{path}: max_token_length {maxLength} is not plausible");
        var tokens = new List<byte[]>();
        var scores = new List<float>();
        while (reader.BaseStream.Position < length)
        {
            if (length - reader.BaseStream.Position < 8)
                throw new OaifException($"{path}: truncated entry for token {tokens.Count}");
            scores.Add(reader.ReadSingle());
            int n = reader.ReadInt32();
            if (n < 0 || n > maxLength || n > length - reader.BaseStream.Position)
                throw new OaifException($"{path}: token {tokens.Count} has invalid length {n}");
            tokens.Add(reader.ReadBytes(n));
        }
        return new Llama2cTokenizer(tokens.ToArray(), scores.ToArray(), maxLength);
    }

    /// <inheritdoc/>
    public int[] Encode(string text, bool addBos = false)
    {
        var ids = new List<int>();
        if (addBos) ids.Add(BosId ?? throw new OaifException("tokenizer.bin has no BOS entry"));
        if (text.Length == 0) return ids.ToArray();
        var symbols = new List<int>();
        // SentencePiece's add_dummy_prefix: the text starts with a space.
        if (_ids.TryGetValue(" ", out int space)) symbols.Add(space);
        foreach (var rune in text.EnumerateRunes()) AddRune(rune, symbols);
        MergeByScore(symbols);
        ids.AddRange(symbols);
        return ids.ToArray();
    }

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < ids.Count; i++)
        {
            int id = ids[i];
            if (id < 0 || id >= _tokens.Length)
                throw new OaifException($"token id {id} is not in the vocabulary (size {VocabSize})");
            if (id < ByteFallbackOffset) { if (!skipSpecialTokens) bytes.AddRange(_tokens[id]); continue; }
            var piece = _tokens[id];
            if (TryParseByte(piece, out byte raw)) { bytes.Add(raw); continue; }
            // As run.c: after BOS (or at the start) the dummy-prefix space is dropped.
            bool afterStart = bytes.Count == 0 && (i == 0 || ids[i - 1] == BosId);
            bytes.AddRange(afterStart && piece.Length > 0 && piece[0] == ' ' ? piece[1..] : piece);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    void AddRune(Rune rune, List<int> symbols)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int n = rune.EncodeToUtf8(utf8);
        if (_ids.TryGetValue(Encoding.Latin1.GetString(utf8[..n]), out int id)) { symbols.Add(id); return; }
        for (int i = 0; i < n; i++)
        {
            int fallback = utf8[i] + ByteFallbackOffset;
            if (fallback >= _tokens.Length)
                throw new OaifException($"character U+{rune.Value:X4} is not in the llama2.c vocabulary");
            symbols.Add(fallback);
        }
    }

    // O(n^2) like run.c; prompts are short. Ties keep the leftmost pair (strictly greater score wins).
    void MergeByScore(List<int> symbols)
    {
        while (true)
        {
            float bestScore = float.NegativeInfinity;
            int bestId = -1, bestIndex = -1;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                string joined = Key(_tokens[symbols[i]]) + Key(_tokens[symbols[i + 1]]);
                if (_ids.TryGetValue(joined, out int id) && _scores[id] > bestScore)
                    (bestScore, bestId, bestIndex) = (_scores[id], id, i);
            }
            if (bestIndex < 0) return;
            symbols[bestIndex] = bestId;
            symbols.RemoveAt(bestIndex + 1);
        }
    }

    static bool TryParseByte(byte[] piece, out byte value)
    {
        value = 0;
        if (piece.Length != 6 || piece[0] != '<' || piece[1] != '0' || piece[2] != 'x' || piece[5] != '>')
            return false;
        string hex = Encoding.ASCII.GetString(piece, 3, 2);
        return byte.TryParse(hex, NumberStyles.HexNumber, null, out value);
    }

    // Tokens are compared as raw bytes; Latin-1 maps each byte to one char, so joining strings joins bytes.
    static string Key(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
