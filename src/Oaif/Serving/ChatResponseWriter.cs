using System.Text;
using System.Text.Json.Nodes;

namespace Oaif.Serving;

/// <summary>Builds the JSON bodies of OpenAI's chat-completion, model-list and error responses.</summary>
public static class ChatResponseWriter
{
    public static JsonObject Completion(string modelId, ChatBackendResult result, bool logprobs)
    {
        var choices = new JsonArray();
        for (int i = 0; i < result.Choices.Count; i++)
        {
            var choice = result.Choices[i];
            choices.Add(new JsonObject
            {
                ["index"] = i,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = choice.Text },
                ["logprobs"] = logprobs && choice.Tokens != null ? Logprobs(choice.Tokens) : null,
                ["finish_reason"] = choice.FinishReason,
            });
        }
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = modelId,
            ["choices"] = choices,
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = result.PromptTokens,
                ["completion_tokens"] = result.CompletionTokens,
                ["total_tokens"] = result.PromptTokens + result.CompletionTokens,
            },
        };
    }

    public static JsonObject Models(string modelId) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray
        {
            new JsonObject { ["id"] = modelId, ["object"] = "model", ["created"] = 0, ["owned_by"] = "oaif" },
        },
    };

    public static JsonObject Error(RequestError error) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = error.Message,
            ["type"] = error.Type,
            ["param"] = error.Param,
            ["code"] = null,
        },
    };

    static JsonObject Logprobs(IReadOnlyList<GeneratedToken> tokens)
    {
        var content = new JsonArray();
        foreach (var token in tokens)
        {
            var top = new JsonArray();
            foreach (var alt in token.Top) top.Add(Entry(alt.Token, alt.Logprob));
            var entry = Entry(token.Token, token.Logprob);
            entry["top_logprobs"] = top;
            content.Add(entry);
        }
        return new JsonObject { ["content"] = content };
    }

    static JsonObject Entry(string token, double logprob) => new()
    {
        ["token"] = token,
        ["logprob"] = logprob,
        ["bytes"] = new JsonArray(Encoding.UTF8.GetBytes(token).Select(b => (JsonNode)(int)b).ToArray()),
    };
}
