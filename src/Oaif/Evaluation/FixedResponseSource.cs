using System.Text.Json;

namespace Oaif.Evaluation;

/// <summary>
/// Responses that already exist: from a function of the prompt (tests, scripted baselines) or from a
/// JSONL file with one {"prompt": ..., "response": ...} object per line, matched to prompts by text.
/// </summary>
public sealed class FixedResponseSource : IResponseSource
{
    readonly Func<string, string?> _respond;
    readonly string _source;

    /// <param name="name">Name for reports.</param>
    /// <param name="respond">The response to a prompt, or null when there is none (an error).</param>
    /// <param name="source">Named in errors (e.g. the file); default the name.</param>
    public FixedResponseSource(string name, Func<string, string?> respond, string? source = null)
    {
        Name = name;
        _respond = respond;
        _source = source ?? name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Reads {"prompt", "response"} lines; a repeated prompt keeps its first response.</summary>
    public static FixedResponseSource FromJsonl(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: responses file not found");
        var byPrompt = new Dictionary<string, string>(StringComparer.Ordinal);
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var (prompt, response) = ParseLine(text, $"{path}:{line}");
            byPrompt.TryAdd(prompt, response);
        }
        return new FixedResponseSource(Path.GetFileNameWithoutExtension(path),
            p => byPrompt.GetValueOrDefault(p), path);
    }

    static (string Prompt, string Response) ParseLine(string text, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new OaifException($"{where}: not a JSON object");
            return (Field(root, "prompt", where), Field(root, "response", where));
        }
        catch (JsonException e)
        {
            throw new OaifException($"{where}: not valid JSON ({e.Message})");
        }
    }

    static string Field(JsonElement root, string name, string where) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new OaifException($"{where}: field '{name}' must be a string");

    /// <inheritdoc/>
    public Task<IReadOnlyList<SourcedResponse>> RespondAsync(IReadOnlyList<string> prompts,
        CancellationToken cancellationToken = default)
    {
        var responses = new List<SourcedResponse>(prompts.Count);
        for (int i = 0; i < prompts.Count; i++)
        {
            string text = _respond(prompts[i]) ?? throw new OaifException(
                $"{_source}: no response for prompt {i + 1} ('{Shorten(prompts[i])}')");
            responses.Add(new SourcedResponse(text, null));
        }
        return Task.FromResult<IReadOnlyList<SourcedResponse>>(responses);
    }

    static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
