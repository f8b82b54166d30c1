namespace Oaif.Serving;

/// <summary>A request the server refuses, with the HTTP status and the offending parameter.</summary>
public sealed class RequestError : Exception
{
    public RequestError(int status, string message, string? param = null,
                        string type = "invalid_request_error")
        : base(message)
    {
        Status = status;
        Param = param;
        Type = type;
    }

    public int Status { get; }

    public string? Param { get; }

    /// <summary>OpenAI's error type string, e.g. invalid_request_error or authentication_error.</summary>
    public string Type { get; }
}
