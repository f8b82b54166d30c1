using System.Text.Encodings.Web;
using System.Text.Json;

namespace Oaif.Tokenization;

/// <summary>The result of <see cref="BpeTrainer.Train"/>: byte-level tokens, merges and special tokens,
/// saved as a standard Hugging Face tokenizer.json.</summary>
public sealed class TrainedBpe
{
    // Relaxed escaping keeps 'Ġ' and '<|bos|>' readable in the file; the JSON is valid either way.
    static readonly JsonWriterOptions Options =
        new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    readonly IReadOnlyList<string> _tokens;
    readonly IReadOnlyList<(int Left, int Right)> _merges;
    readonly BpeTrainerOptions _options;

    internal TrainedBpe(IReadOnlyList<string> tokens, IReadOnlyList<(int, int)> merges,
                        BpeTrainerOptions options)
    {
        (_tokens, _merges, _options) = (tokens, merges, options);
    }

    /// <summary>Vocabulary size: special tokens + 256 bytes + merged tokens.</summary>
    public int VocabSize => _options.SpecialTokens.Count + _tokens.Count;

    /// <summary>Number of merges learned.</summary>
    public int MergeCount => _merges.Count;

    /// <summary>Writes <paramref name="tokenizerJsonPath"/> (model BPE, ByteLevel pre-tokenizer and
    /// decoder; special tokens take ids 0.. as Hugging Face trainers do) and a tokenizer_config.json
    /// beside it naming bos/eos/pad, then returns the file loaded back.</summary>
    public HuggingFaceTokenizer Save(string tokenizerJsonPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(tokenizerJsonPath))!;
        Directory.CreateDirectory(dir);
        using (var stream = File.Create(tokenizerJsonPath))
        using (var json = new Utf8JsonWriter(stream, Options))
            WriteTokenizer(json);
        using (var stream = File.Create(Path.Combine(dir, "tokenizer_config.json")))
        using (var json = new Utf8JsonWriter(stream, Options))
            WriteConfig(json);
        return HuggingFaceTokenizer.Load(tokenizerJsonPath);
    }

    void WriteTokenizer(Utf8JsonWriter json)
    {
        var specials = _options.SpecialTokens;
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteNull("truncation");
        json.WriteNull("padding");
        json.WriteStartArray("added_tokens");
        for (int i = 0; i < specials.Count; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", i);
            json.WriteString("content", specials[i]);
            foreach (var flag in new[] { "single_word", "lstrip", "rstrip", "normalized" })
                json.WriteBoolean(flag, false);
            json.WriteBoolean("special", true);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNull("normalizer");
        WriteByteLevel(json, "pre_tokenizer", addPrefixSpace: false);
        json.WriteNull("post_processor");
        WriteByteLevel(json, "decoder", addPrefixSpace: true);
        WriteModel(json, specials.Count);
        json.WriteEndObject();
    }

    static void WriteByteLevel(Utf8JsonWriter json, string name, bool addPrefixSpace)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", addPrefixSpace);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();
    }

    void WriteModel(Utf8JsonWriter json, int offset)
    {
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteNull("unk_token");
        json.WriteNull("continuing_subword_prefix");
        json.WriteNull("end_of_word_suffix");
        json.WriteBoolean("fuse_unk", false);
        json.WriteBoolean("byte_fallback", false);
        json.WriteBoolean("ignore_merges", false);
        json.WriteStartObject("vocab");
        for (int i = 0; i < _tokens.Count; i++) json.WriteNumber(_tokens[i], offset + i);
        json.WriteEndObject();
        // "left right" strings: read by every tokenizers version (the array form needs >= 0.20).
        json.WriteStartArray("merges");
        foreach (var (left, right) in _merges) json.WriteStringValue(_tokens[left] + " " + _tokens[right]);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    void WriteConfig(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        if (_options.BosToken != null) json.WriteString("bos_token", _options.BosToken);
        if (_options.EosToken != null) json.WriteString("eos_token", _options.EosToken);
        if (_options.PadToken != null) json.WriteString("pad_token", _options.PadToken);
        json.WriteNumber("model_max_length", 1_000_000);
        json.WriteEndObject();
    }
}
