namespace Oaif.Serving;

/// <summary>Options of <see cref="OpenAiCompatibleServer"/>.</summary>
/// <param name="Host">Address to bind. Default 127.0.0.1: the server is local unless told otherwise.</param>
/// <param name="Port">TCP port; 0 picks a free one (read it back from the started server).</param>
/// <param name="ApiKey">When set, requests must carry "Authorization: Bearer &lt;key&gt;" or get 401.
/// The CLI fills it from the environment variable named by --api-key-env; it is never logged.</param>
/// <param name="MaxBodyBytes">Largest request body accepted (default 1 MiB).</param>
/// <param name="MaxTokensLimit">Largest max_tokens accepted (default 1024).</param>
/// <param name="MaxChoices">Largest n accepted (default 16).</param>
/// <param name="DefaultMaxTokens">max_tokens when the request gives none (default 256).</param>
public sealed record ServerOptions(
    string Host = "127.0.0.1",
    int Port = 8000,
    string? ApiKey = null,
    int MaxBodyBytes = 1 << 20,
    int MaxTokensLimit = 1024,
    int MaxChoices = 16,
    int DefaultMaxTokens = 256)
{
    /// <summary>Keeps the key out of logs and exception text that print the options.</summary>
    public override string ToString() =>
        $"ServerOptions {{ Host = {Host}, Port = {Port}, ApiKey = {(ApiKey == null ? "none" : "***")}, " +
        $"MaxBodyBytes = {MaxBodyBytes}, MaxTokensLimit = {MaxTokensLimit}, MaxChoices = {MaxChoices} }}";
}
