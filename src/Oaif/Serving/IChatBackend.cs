namespace Oaif.Serving;

/// <summary>One message of a chat request.</summary>
public sealed record ChatTurn(string Role, string Content);

/// <summary>A validated chat-completion request, in the server's own terms.</summary>
/// <param name="Messages">The conversation, in order.</param>
/// <param name="Temperature">0 means greedy.</param>
/// <param name="TopP">Nucleus probability mass; 1 = off.</param>
/// <param name="MaxTokens">Most tokens per completion.</param>
/// <param name="N">Completions to return.</param>
/// <param name="Stop">Strings that end a completion (not included in its text).</param>
/// <param name="Seed">Sampling seed for reproducible completions, or null.</param>
/// <param name="Logprobs">Return each generated token's log-probability.</param>
/// <param name="TopLogprobs">Alternatives to report per generated token when <paramref
/// name="Logprobs"/>.</param>
public sealed record ChatBackendRequest(
    IReadOnlyList<ChatTurn> Messages,
    double Temperature,
    double TopP,
    int MaxTokens,
    int N,
    IReadOnlyList<string> Stop,
    int? Seed,
    bool Logprobs,
    int TopLogprobs);

/// <summary>A token alternative and its log-probability.</summary>
public sealed record TokenAlternative(string Token, double Logprob);

/// <summary>A generated token, its log-probability and the most likely alternatives at its
/// position.</summary>
public sealed record GeneratedToken(string Token, double Logprob, IReadOnlyList<TokenAlternative> Top);

/// <summary>One completion; <paramref name="FinishReason"/> is "stop" or "length".</summary>
public sealed record ChatBackendChoice(string Text, string FinishReason,
    IReadOnlyList<GeneratedToken>? Tokens);

/// <summary>The completions for one request with token usage.</summary>
public sealed record ChatBackendResult(IReadOnlyList<ChatBackendChoice> Choices, int PromptTokens,
    int CompletionTokens);

/// <summary>
/// What <see cref="OpenAiCompatibleServer"/> needs from a local model: turn a chat request into
/// completions. Keeping HTTP apart from the model lets tests drive the server with a scripted backend.
/// </summary>
public interface IChatBackend
{
    /// <summary>The id the server lists under /v1/models and expects in requests.</summary>
    string ModelId { get; }

    Task<ChatBackendResult> CompleteAsync(ChatBackendRequest request,
        CancellationToken cancellationToken = default);
}
