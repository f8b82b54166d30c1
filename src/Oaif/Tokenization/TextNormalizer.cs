using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oaif.Tokenization;

/// <summary>
/// The tokenizer.json normalizers we run: Sequence, Prepend, Replace (string or regex), NFC/NFD/NFKC/NFKD
/// and Lowercase. Anything else (BertNormalizer, Precompiled, Strip, ...) is refused when loading.
/// </summary>
internal sealed class TextNormalizer
{
    readonly List<Func<string, string>> _steps = new();

    /// <summary>True when a Prepend step adds a leading character (the Llama-2 "▁" convention).</summary>
    public bool PrependsSpace { get; private set; }

    public string Apply(string text)
    {
        foreach (var step in _steps) text = step(text);
        return text;
    }

    public static TextNormalizer Parse(JsonElement node, string file)
    {
        var normalizer = new TextNormalizer();
        if (node.ValueKind != JsonValueKind.Null) normalizer.Add(node, file);
        return normalizer;
    }

    void Add(JsonElement node, string file)
    {
        string type = TokenizerJson.RequireString(node, "type", file, "normalizer");
        switch (type)
        {
            case "Sequence":
                foreach (var child in TokenizerJson.RequireArray(node, "normalizers", file, "normalizer"))
                    Add(child, file);
                break;
            case "Prepend":
                string prefix = TokenizerJson.RequireString(node, "prepend", file, "normalizer.Prepend");
                PrependsSpace = true;
                _steps.Add(s => s.Length == 0 ? s : prefix + s);
                break;
            case "Replace":
                _steps.Add(ParseReplace(node, file));
                break;
            case "NFC": _steps.Add(s => s.Normalize(NormalizationForm.FormC)); break;
            case "NFD": _steps.Add(s => s.Normalize(NormalizationForm.FormD)); break;
            case "NFKC": _steps.Add(s => s.Normalize(NormalizationForm.FormKC)); break;
            case "NFKD": _steps.Add(s => s.Normalize(NormalizationForm.FormKD)); break;
            case "Lowercase": _steps.Add(s => s.ToLowerInvariant()); break;
            default:
                throw new OaifException($"{file}: normalizer type '{type}' is not supported " +
                                        "(supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, " +
                                            "Lowercase)");
        }
    }

    static Func<string, string> ParseReplace(JsonElement node, string file)
    {
        string content = TokenizerJson.RequireString(node, "content", file, "normalizer.Replace");
        var pattern = TokenizerJson.RequireObject(node, "pattern", file, "normalizer.Replace");
        if (pattern.TryGetProperty("String", out var literal) && literal.ValueKind == JsonValueKind.String)
        {
            string from = literal.GetString()!;
            return s => s.Replace(from, content, StringComparison.Ordinal);
        }
        string expression = TokenizerJson.RequireString(pattern, "Regex", file, "normalizer.Replace.pattern");
        var regex = new Regex(expression);
        return s => regex.Replace(s, content);
    }
}
