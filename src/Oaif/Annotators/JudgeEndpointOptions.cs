namespace Oaif.Annotators;

/// <summary>
/// Where an LLM judge lives and how hard to try reaching it. Works with any OpenAI-compatible chat
/// completions server (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, llama.cpp server).
/// </summary>
/// <remarks>
/// The API key itself is never an option: <see cref="ApiKeyEnvironmentVariable"/> names the environment
/// variable that holds it, so configs, logs and ToString output can be shared safely.
/// </remarks>
public sealed record JudgeEndpointOptions
{
    /// <summary>Base URL including the API version path, e.g. "https://api.openai.com/v1" or
    /// "http://127.0.0.1:8000/v1" (CLI --judge-endpoint). Required.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Model name sent to the server (CLI --judge-model). Required.</summary>
    public string Model { get; init; } = "";

    /// <summary>
    /// Name of the environment variable holding the API key (CLI --judge-api-key-env). Null sends a
    /// placeholder key, which local servers such as Ollama or llama.cpp accept.
    /// </summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>Time allowed for one HTTP attempt before it counts as a timeout. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Retries after a 408/429/5xx, a timeout or a connection failure. Default 4; 0 disables.
    /// </summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; doubles each retry, with random jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait before one retry, also capping a server's Retry-After (so one slow answer cannot
    /// stall a training step indefinitely). Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="OaifException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
            throw new OaifException(
                "judge option Endpoint (--judge-endpoint) must be an absolute http(s) URL");
        if (string.IsNullOrWhiteSpace(Model))
            throw new OaifException("judge option Model (--judge-model) is required");
        if (ApiKeyEnvironmentVariable is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
            throw new OaifException("judge option ApiKeyEnvironmentVariable (--judge-api-key-env) must be "
                + "an environment variable name, not the key");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new OaifException($"judge option RequestTimeout must be positive, got {RequestTimeout}");
        if (MaxRetries < 0)
            throw new OaifException($"judge option MaxRetries must be >= 0, got {MaxRetries}");
        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
            throw new OaifException("judge options need 0 <= RetryBaseDelay <= MaxRetryDelay");
    }

    /// <summary>
    /// Reads the API key from the named variable; throws when the variable is named but unset.
    /// </summary>
    internal string? ResolveApiKey()
    {
        if (ApiKeyEnvironmentVariable is null) return null;
        var key = Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable);
        if (string.IsNullOrEmpty(key))
            throw new OaifException($"environment variable {ApiKeyEnvironmentVariable} (--judge-api-key-env) "
                + "is not set or empty");
        return key;
    }
}
