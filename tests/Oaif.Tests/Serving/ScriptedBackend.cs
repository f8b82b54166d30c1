using Oaif.Serving;

namespace Oaif.Tests.Serving;

/// <summary>A backend that answers every request with fixed text and records what it was asked.</summary>
public sealed class ScriptedBackend(string modelId, string answer) : IChatBackend
{
    public string ModelId { get; } = modelId;

    public List<ChatBackendRequest> Requests { get; } = new();

    public Task<ChatBackendResult> CompleteAsync(ChatBackendRequest request,
        CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(request);
        var tokens = new List<GeneratedToken>
        {
            new(answer, -0.25,
                new[] { new TokenAlternative(answer, -0.25), new TokenAlternative("B", -1.5) }),
        };
        var choices = Enumerable.Range(0, request.N)
            .Select(_ => new ChatBackendChoice(answer, "stop", tokens)).ToArray();
        return Task.FromResult(new ChatBackendResult(choices, PromptTokens: 11, CompletionTokens: request.N));
    }
}
