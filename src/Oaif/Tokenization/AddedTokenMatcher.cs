using System.Text.Json;

namespace Oaif.Tokenization;

/// <summary>Finds added tokens in text (longest match first at each position) and by id.</summary>
internal sealed class AddedTokenMatcher
{
    readonly Dictionary<char, List<AddedToken>> _byFirstChar = new();
    readonly Dictionary<int, AddedToken> _byId = new();
    readonly Dictionary<string, AddedToken> _byContent = new(StringComparer.Ordinal);

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        Tokens = tokens.ToList();
        foreach (var t in Tokens)
        {
            _byId[t.Id] = t;
            _byContent[t.Content] = t;
            char first = t.Content[0];
            if (!_byFirstChar.TryGetValue(first, out var list)) _byFirstChar[first] = list = new();
            list.Add(t);
        }
        foreach (var list in _byFirstChar.Values)
            list.Sort((a, b) => b.Content.Length.CompareTo(a.Content.Length));
    }

    public IReadOnlyList<AddedToken> Tokens { get; }

    public int MaxId => Tokens.Count == 0 ? -1 : Tokens.Max(t => t.Id);

    public AddedToken? ById(int id) => _byId.GetValueOrDefault(id);

    public AddedToken? Find(string content) => _byContent.GetValueOrDefault(content);

    /// <summary>Splits text into plain segments and added tokens, in order.</summary>
    public List<(string Text, AddedToken? Token)> Split(string text)
    {
        var output = new List<(string, AddedToken?)>();
        int start = 0, i = 0;
        while (i < text.Length)
        {
            var match = MatchAt(text, i);
            if (match == null) { i++; continue; }
            int end = i + match.Content.Length;
            int plainEnd = i;
            if (match.LeftStrip) while (plainEnd > start && char.IsWhiteSpace(text[plainEnd - 1])) plainEnd--;
            if (plainEnd > start) output.Add((text[start..plainEnd], null));
            output.Add((match.Content, match));
            if (match.RightStrip) while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            start = i = end;
        }
        if (start < text.Length) output.Add((text[start..], null));
        return output;
    }

    AddedToken? MatchAt(string text, int i)
    {
        if (!_byFirstChar.TryGetValue(text[i], out var candidates)) return null;
        foreach (var t in candidates)
            if (i + t.Content.Length <= text.Length
                && string.CompareOrdinal(text, i, t.Content, 0, t.Content.Length) == 0)
                return t;
        return null;
    }

    public static AddedTokenMatcher Parse(JsonElement node, string file)
    {
        var tokens = new List<AddedToken>();
        if (node.ValueKind == JsonValueKind.Null) return new AddedTokenMatcher(tokens);
        if (node.ValueKind != JsonValueKind.Array)
            throw new OaifException($"{file}: added_tokens must be an array, got {node.ValueKind}");
        int index = 0;
        foreach (var entry in node.EnumerateArray())
        {
            string where = $"added_tokens[{index++}]";
            var idNode = TokenizerJson.Optional(entry, "id");
            if (idNode.ValueKind != JsonValueKind.Number || !idNode.TryGetInt32(out int id) || id < 0)
                throw new OaifException($"{file}: {where}.id must be a non-negative integer");
            string content = TokenizerJson.RequireString(entry, "content", file, where);
            if (content.Length == 0) throw new OaifException($"{file}: {where}.content is empty");
            if (TokenizerJson.OptionalBool(entry, "single_word", false))
                throw new OaifException($"{file}: {where}.single_word=true is not supported");
            tokens.Add(new AddedToken(id, content, TokenizerJson.OptionalBool(entry, "special", false),
                TokenizerJson.OptionalBool(entry, "lstrip", false),
                TokenizerJson.OptionalBool(entry, "rstrip", false)));
        }
        return new AddedTokenMatcher(tokens);
    }
}
