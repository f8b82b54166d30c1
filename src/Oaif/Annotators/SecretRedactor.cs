namespace Oaif.Annotators;

/// <summary>
/// Replaces a secret with "***" in any text about to be stored or logged (raw answers, error
/// messages), in case a misbehaving server echoes the Authorization header back.
/// </summary>
internal sealed class SecretRedactor(string? secret)
{
    /// <summary>A redactor with no secret; returns text unchanged.</summary>
    public static SecretRedactor None { get; } = new(null);

    /// <summary>The text with every occurrence of the secret masked.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => "SecretRedactor(***)";
}
