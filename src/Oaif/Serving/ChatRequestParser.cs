using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oaif.Serving;

/// <summary>
/// Validates an OpenAI chat-completion request body and maps it to a <see cref="ChatBackendRequest"/>.
/// Every refusal names the parameter. Fields this server does not use (user, penalties, …) are ignored,
/// as OpenAI-compatible servers commonly do; streaming is refused because it is not implemented.
/// </summary>
public static class ChatRequestParser
{
    static readonly HashSet<string> Roles = new() { "system", "user", "assistant" };

    public static ChatBackendRequest Parse(JsonNode? body, string modelId, ServerOptions options)
    {
        if (body is not JsonObject request) throw Bad("request body must be a JSON object", null);
        string model = String(request, "model") ?? throw Bad("'model' is required", "model");
        if (model != modelId)
            throw new RequestError(404, $"model '{model}' is not served here; this server serves '{modelId}'",
                "model", "model_not_found");
        if (Bool(request, "stream") == true) throw Bad("streaming is not supported by this server", "stream");

        var messages = Messages(request);
        double temperature = Number(request, "temperature") ?? 1.0;
        if (temperature is < 0 or > 2) throw Bad("'temperature' must be between 0 and 2", "temperature");
        double topP = Number(request, "top_p") ?? 1.0;
        if (topP is <= 0 or > 1) throw Bad("'top_p' must be in (0, 1]", "top_p");
        string tokensKey = request.ContainsKey("max_completion_tokens")
            ? "max_completion_tokens" : "max_tokens";
        int maxTokens = Integer(request, tokensKey) ?? options.DefaultMaxTokens;
        if (maxTokens < 1 || maxTokens > options.MaxTokensLimit)
            throw Bad($"'{tokensKey}' must be between 1 and {options.MaxTokensLimit}", tokensKey);
        int n = Integer(request, "n") ?? 1;
        if (n < 1 || n > options.MaxChoices)
            throw Bad($"'n' must be between 1 and {options.MaxChoices}", "n");
        bool logprobs = Bool(request, "logprobs") ?? false;
        int topLogprobs = Integer(request, "top_logprobs") ?? 0;
        if (topLogprobs is < 0 or > 20) throw Bad("'top_logprobs' must be between 0 and 20", "top_logprobs");
        if (topLogprobs > 0 && !logprobs) throw Bad("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        return new ChatBackendRequest(messages, temperature, topP, maxTokens, n, Stop(request),
            Integer(request, "seed"), logprobs, topLogprobs);
    }

    static List<ChatTurn> Messages(JsonObject request)
    {
        if (request["messages"] is not JsonArray array || array.Count == 0)
            throw Bad("'messages' must be a non-empty array", "messages");
        var turns = new List<ChatTurn>();
        for (int i = 0; i < array.Count; i++)
        {
            string param = $"messages[{i}]";
            if (array[i] is not JsonObject message) throw Bad($"'{param}' must be an object", param);
            string role = String(message, "role", param) ?? throw Bad($"'{param}.role' is required", param);
            if (!Roles.Contains(role)) throw Bad($"'{param}.role' must be system, user or assistant", param);
            turns.Add(new ChatTurn(role, Content(message["content"], param)));
        }
        return turns;
    }

    // Content is a string or an array of parts; only text parts can be served by a text model.
    static string Content(JsonNode? content, string param)
    {
        if (content is JsonValue value && value.TryGetValue(out string? text)) return text;
        if (content is not JsonArray parts) throw Bad($"'{param}.content' must be a string or parts", param);
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part is not JsonObject p || String(p, "type", param) != "text"
                || String(p, "text", param) is not { } t)
                throw Bad($"'{param}.content' may hold only text parts", param);
            builder.Append(t);
        }
        return builder.ToString();
    }

    static IReadOnlyList<string> Stop(JsonObject request)
    {
        var node = request["stop"];
        if (node is null) return Array.Empty<string>();
        if (node is JsonValue v && v.TryGetValue(out string? one)) return new[] { one };
        static bool IsString(JsonNode? s) => s is JsonValue sv && sv.TryGetValue(out string? _);
        if (node is JsonArray many && many.Count <= 4 && many.All(IsString))
            return many.Select(s => s!.GetValue<string>()).ToArray();
        throw Bad("'stop' must be a string or an array of at most 4 strings", "stop");
    }

    static string? String(JsonObject o, string key, string? parent = null)
    {
        var node = o[key];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        string name = parent == null ? key : $"{parent}.{key}";
        throw Bad($"'{name}' must be a string", name);
    }

    static double? Number(JsonObject o, string key)
    {
        var node = o[key];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number) return v.GetValue<double>();
        throw Bad($"'{key}' must be a number", key);
    }

    static int? Integer(JsonObject o, string key)
    {
        var node = o[key];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i))
            return i;
        if (node is JsonValue d && d.GetValueKind() == JsonValueKind.Number)
        {
            double x = d.GetValue<double>();
            if (x == Math.Floor(x) && Math.Abs(x) <= int.MaxValue) return (int)x;
        }
        throw Bad($"'{key}' must be an integer", key);
    }

    static bool? Bool(JsonObject o, string key)
    {
        var node = o[key];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return v.GetValue<bool>();
        throw Bad($"'{key}' must be true or false", key);
    }

    static RequestError Bad(string message, string? param) => new(400, message, param);
}
