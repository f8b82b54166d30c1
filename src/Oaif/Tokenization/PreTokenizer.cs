using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oaif.Tokenization;

/// <summary>
/// The tokenizer.json pre-tokenizers we run: Sequence, ByteLevel, Split (regex or string, behaviour
/// Isolated or Removed), Metaspace. Others (Whitespace, BertPreTokenizer, Digits, Punctuation, ...) are
/// refused when loading. Regexes run on .NET's engine over UTF-16: \p{L} does not match letters outside
/// the Basic Multilingual Plane the way the Rust engine does, so such rare letters may be split
/// differently from Hugging Face (text still round-trips exactly; only ids can differ).
/// </summary>
internal sealed class PreTokenizer
{
    /// <summary>GPT-2's split pattern, used by ByteLevel with use_regex=true.</summary>
    public const string Gpt2Pattern =
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    static readonly Regex Gpt2Regex = new(Gpt2Pattern, RegexOptions.Compiled);

    readonly List<Func<List<string>, bool, List<string>>> _steps = new();

    /// <summary>True when a ByteLevel step is present: model symbols are bytes, not characters.</summary>
    public bool ByteLevel { get; private set; }

    /// <summary>True when a Metaspace step adds a leading '▁' to the first piece.</summary>
    public bool PrependsSpace { get; private set; }

    /// <summary>Splits one text segment; <paramref name="isFirst"/> is false for segments that follow an
    /// added token (Metaspace's prepend_scheme "first" only prefixes the first).</summary>
    public List<string> Split(string text, bool isFirst)
    {
        var pieces = new List<string> { text };
        foreach (var step in _steps) pieces = step(pieces, isFirst);
        return pieces;
    }

    public static PreTokenizer Parse(JsonElement node, string file)
    {
        var pre = new PreTokenizer();
        if (node.ValueKind != JsonValueKind.Null) pre.Add(node, file);
        return pre;
    }

    void Add(JsonElement node, string file)
    {
        string type = TokenizerJson.RequireString(node, "type", file, "pre_tokenizer");
        switch (type)
        {
            case "Sequence":
                var children = TokenizerJson.RequireArray(node, "pretokenizers", file, "pre_tokenizer");
                foreach (var child in children) Add(child, file);
                break;
            case "ByteLevel": AddByteLevel(node); break;
            case "Split": AddSplit(node, file); break;
            case "Metaspace": AddMetaspace(node, file); break;
            default:
                throw new OaifException($"{file}: pre_tokenizer type '{type}' is not supported " +
                                        "(supported: Sequence, ByteLevel, Split, Metaspace)");
        }
    }

    void AddByteLevel(JsonElement node)
    {
        ByteLevel = true;
        bool prefixSpace = TokenizerJson.OptionalBool(node, "add_prefix_space", false);
        bool useRegex = TokenizerJson.OptionalBool(node, "use_regex", true);
        _steps.Add((pieces, isFirst) =>
        {
            if (prefixSpace && isFirst && pieces.Count > 0 && pieces[0].Length > 0 && pieces[0][0] != ' ')
                pieces[0] = " " + pieces[0];
            return useRegex ? SplitAll(pieces, Gpt2Regex, removeMatches: false) : pieces;
        });
    }

    void AddSplit(JsonElement node, string file)
    {
        var pattern = TokenizerJson.RequireObject(node, "pattern", file, "pre_tokenizer.Split");
        string behavior = TokenizerJson.RequireString(node, "behavior", file, "pre_tokenizer.Split");
        if (TokenizerJson.OptionalBool(node, "invert", false))
            throw new OaifException($"{file}: pre_tokenizer.Split.invert=true is not supported");
        if (behavior != "Isolated" && behavior != "Removed")
            throw new OaifException($"{file}: pre_tokenizer.Split.behavior '{behavior}' is not supported " +
                                    "(supported: Isolated, Removed)");
        string? literal = TokenizerJson.OptionalString(pattern, "String");
        var regex = literal != null
            ? new Regex(Regex.Escape(literal))
            : new Regex(TokenizerJson.RequireString(pattern, "Regex", file, "pre_tokenizer.Split.pattern"),
                RegexOptions.Compiled);
        _steps.Add((pieces, _) => SplitAll(pieces, regex, behavior == "Removed"));
    }

    void AddMetaspace(JsonElement node, string file)
    {
        string replacement = TokenizerJson.OptionalString(node, "replacement") ?? "▁";
        string scheme = TokenizerJson.OptionalString(node, "prepend_scheme")
                        ?? (TokenizerJson.OptionalBool(node, "add_prefix_space", true) ? "always" : "never");
        if (scheme != "always" && scheme != "first" && scheme != "never")
            throw new OaifException($"{file}: pre_tokenizer.Metaspace.prepend_scheme '{scheme}' is not " +
                $"supported");
        bool split = TokenizerJson.OptionalBool(node, "split", true);
        PrependsSpace = scheme != "never";
        _steps.Add((pieces, isFirst) =>
        {
            var output = new List<string>();
            for (int i = 0; i < pieces.Count; i++)
            {
                string s = pieces[i].Replace(" ", replacement, StringComparison.Ordinal);
                if (s.Length == 0) continue;
                bool prepend = scheme == "always" || (scheme == "first" && isFirst && i == 0);
                if (prepend && s.Length > 0 && !s.StartsWith(replacement, StringComparison.Ordinal))
                    s = replacement + s;
                if (split) output.AddRange(SplitBefore(s, replacement));
                else output.Add(s);
            }
            return output;
        });
    }

    // Matches become their own pieces; the text between matches too (unless removeMatches drops them).
    static List<string> SplitAll(List<string> pieces, Regex regex, bool removeMatches)
    {
        var output = new List<string>();
        foreach (var piece in pieces)
        {
            int last = 0;
            for (var m = regex.Match(piece); m.Success; m = m.NextMatch())
            {
                if (m.Length == 0) continue;
                if (m.Index > last) output.Add(piece[last..m.Index]);
                if (!removeMatches) output.Add(m.Value);
                last = m.Index + m.Length;
            }
            if (last < piece.Length) output.Add(piece[last..]);
        }
        return output;
    }

    // Metaspace split: each '▁' starts a new piece (merged with the word after it).
    static IEnumerable<string> SplitBefore(string s, string marker)
    {
        int start = 0;
        for (int i = s.IndexOf(marker, 1, StringComparison.Ordinal); i > 0 && i < s.Length;
             i = s.IndexOf(marker, i + 1, StringComparison.Ordinal))
        {
            yield return s[start..i];
            start = i;
        }
        if (start < s.Length) yield return s[start..];
    }
}
