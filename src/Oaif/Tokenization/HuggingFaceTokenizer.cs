using System.Text;
using System.Text.Json;

namespace Oaif.Tokenization;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> with a BPE model: byte-level files (GPT-2, Llama-3, Qwen2,
/// SmolLM) and SentencePiece-style files (Llama-2, Mistral: '▁' for spaces, &lt;0xNN&gt; byte fallback).
/// </summary>
/// <remarks>
/// Written here rather than through a library: Microsoft.ML.Tokenizers 3.0 has no tokenizer.json
/// loader (its BpeTokenizer takes vocab/merges files, has no byte_fallback, and its SentencePiece
/// tokenizer needs the protobuf .model), and Tokenizers.DotNet needs a native Rust library we did not
/// want in the load path. BPE itself is small; owning it lets every unsupported field fail by name.
/// Supported: normalizers Sequence/Prepend/Replace/NF*/Lowercase; pre-tokenizers Sequence/ByteLevel/
/// Split/Metaspace; decoders ByteLevel/Metaspace/Replace/ByteFallback/Fuse/Strip (decoding follows the
/// model's mode rather than interpreting each step); added_tokens with lstrip/rstrip. Ignored on
/// purpose: post_processor (BOS is added only through addBos), truncation, padding. BOS/EOS/PAD come
/// from a tokenizer_config.json beside the file when present, else from well-known token names.
/// </remarks>
public sealed class HuggingFaceTokenizer : ITokenizer
{
    static readonly string[] BosNames = { "<|bos|>", "<s>", "<|begin_of_text|>", "<bos>" };
    static readonly string[] EosNames = { "<|eos|>", "</s>", "<|end_of_text|>", "<|endoftext|>", "<eos>" };
    static readonly string[] PadNames = { "<|pad|>", "<pad>", "[PAD]" };
    static readonly HashSet<string> DecoderTypes = new()
        { "ByteLevel", "Metaspace", "Sequence", "Replace", "ByteFallback", "Fuse", "Strip" };

    readonly BpeModel _model;
    readonly TextNormalizer _normalizer;
    readonly PreTokenizer _preTokenizer;
    readonly AddedTokenMatcher _added;
    readonly string?[] _idToToken;

    HuggingFaceTokenizer(BpeModel model, TextNormalizer normalizer, PreTokenizer pre, AddedTokenMatcher added)
    {
        (_model, _normalizer, _preTokenizer, _added) = (model, normalizer, pre, added);
        int size = Math.Max(model.Vocab.Count == 0 ? 0 : model.Vocab.Values.Max() + 1, added.MaxId + 1);
        _idToToken = new string?[size];
        foreach (var (token, id) in model.Vocab) _idToToken[id] = token;
        foreach (var token in added.Tokens) _idToToken[token.Id] = token.Content;
    }

    public int VocabSize => _idToToken.Length;
    public int? BosId { get; private set; }
    public int? EosId { get; private set; }
    public int? PadId { get; private set; }

    /// <summary>True when the model works on UTF-8 bytes (GPT-2 style) rather than characters.</summary>
    public bool IsByteLevel => _preTokenizer.ByteLevel;

    /// <summary>The added tokens (special and not) declared in the file.</summary>
    public IReadOnlyList<AddedToken> AddedTokens => _added.Tokens;

    /// <summary>
    /// Loads a tokenizer.json; reads bos/eos/pad from tokenizer_config.json beside it if any.
    /// </summary>
    public static HuggingFaceTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: tokenizer file not found");
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        var pre = PreTokenizer.Parse(TokenizerJson.Optional(root, "pre_tokenizer"), path);
        CheckDecoder(TokenizerJson.Optional(root, "decoder"), path);
        var modelJson = TokenizerJson.RequireObject(root, "model", path, "(root)");
        var model = BpeModel.Parse(modelJson, pre.ByteLevel, path);
        var tokenizer = new HuggingFaceTokenizer(model,
            TextNormalizer.Parse(TokenizerJson.Optional(root, "normalizer"), path), pre,
            AddedTokenMatcher.Parse(TokenizerJson.Optional(root, "added_tokens"), path));
        tokenizer.ResolveSpecialIds(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            "tokenizer_config.json"));
        return tokenizer;
    }

    /// <inheritdoc/>
    public int[] Encode(string text, bool addBos = false) =>
        EncodeCore(text, addBos, interpretSpecial: false);

    /// <summary>Encodes text in which added-token markup (e.g. "&lt;|im_start|&gt;" from a chat template) is
    /// turned into those tokens' ids, as Hugging Face does by default.</summary>
    public int[] EncodeWithSpecialTokens(string text, bool addBos = false) =>
        EncodeCore(text, addBos, interpretSpecial: true);

    /// <summary>The id of an exact vocabulary or added token, or null.</summary>
    public int? TokenToId(string token) =>
        _added.Find(token)?.Id ?? (_model.Vocab.TryGetValue(token, out int id) ? id : null);

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        var bytes = new List<byte>(ids.Count * 4);
        foreach (int id in ids)
        {
            if (id < 0 || id >= _idToToken.Length || _idToToken[id] is not string token)
                throw new OaifException($"token id {id} is not in the vocabulary (size {VocabSize})");
            var added = _added.ById(id);
            if (added != null)
            {
                if (!(added.Special && skipSpecialTokens))
                    bytes.AddRange(Encoding.UTF8.GetBytes(added.Content));
                continue;
            }
            _model.AppendBytes(token, bytes);
        }
        string text = Encoding.UTF8.GetString(bytes.ToArray());
        // SentencePiece-style files add one leading '▁' when encoding; its decoder strips it again.
        bool prepends = !IsByteLevel && (_normalizer.PrependsSpace || _preTokenizer.PrependsSpace);
        return prepends && text.StartsWith(' ') ? text[1..] : text;
    }

    int[] EncodeCore(string text, bool addBos, bool interpretSpecial)
    {
        var ids = new List<int>(text.Length / 3 + 2);
        if (addBos)
            ids.Add(BosId ?? throw new OaifException("this tokenizer has no BOS token; cannot add one"));
        var segments = interpretSpecial ? _added.Split(text) : new() { (text, (AddedToken?)null) };
        for (int i = 0; i < segments.Count; i++)
        {
            var (segment, token) = segments[i];
            if (token != null) { ids.Add(token.Id); continue; }
            string normalized = _normalizer.Apply(segment);
            foreach (var piece in _preTokenizer.Split(normalized, isFirst: i == 0))
                _model.EncodePiece(piece, ids);
        }
        return ids.ToArray();
    }

    void ResolveSpecialIds(string configPath)
    {
        var config = ReadConfigTokens(configPath);
        BosId = Lookup(config.GetValueOrDefault("bos_token")) ?? FirstKnown(BosNames);
        EosId = Lookup(config.GetValueOrDefault("eos_token")) ?? FirstKnown(EosNames);
        PadId = Lookup(config.GetValueOrDefault("pad_token")) ?? FirstKnown(PadNames) ?? EosId;
    }

    int? Lookup(string? token) => token == null ? null : TokenToId(token);

    int? FirstKnown(string[] names) => names.Select(TokenToId).FirstOrDefault(id => id != null);

    static Dictionary<string, string?> ReadConfigTokens(string configPath)
    {
        var tokens = new Dictionary<string, string?>();
        if (!File.Exists(configPath)) return tokens;
        using var doc = ParseJson(configPath);
        foreach (var name in new[] { "bos_token", "eos_token", "pad_token" })
        {
            var v = TokenizerJson.Optional(doc.RootElement, name);
            tokens[name] = v.ValueKind == JsonValueKind.String ? v.GetString()
                : TokenizerJson.OptionalString(v, "content");
        }
        return tokens;
    }

    static void CheckDecoder(JsonElement decoder, string file)
    {
        if (decoder.ValueKind == JsonValueKind.Null) return;
        string type = TokenizerJson.RequireString(decoder, "type", file, "decoder");
        if (!DecoderTypes.Contains(type))
            throw new OaifException($"{file}: decoder type '{type}' is not supported " +
                                    $"(supported: {string.Join(", ", DecoderTypes)})");
        if (type == "Sequence")
            foreach (var child in TokenizerJson.RequireArray(decoder, "decoders", file, "decoder"))
                CheckDecoder(child, file);
    }

    internal static JsonDocument ParseJson(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new OaifException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }
}
