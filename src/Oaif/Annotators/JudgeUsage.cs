namespace Oaif.Annotators;

/// <summary>Tokens an annotator spent, as reported by the server (zero for rule judges).</summary>
/// <param name="PromptTokens">Input tokens billed.</param>
/// <param name="CompletionTokens">Output tokens billed.</param>
public readonly record struct JudgeUsage(long PromptTokens, long CompletionTokens)
{
    /// <summary>No tokens spent.</summary>
    public static JudgeUsage None => default;

    /// <summary>Component-wise sum.</summary>
    public static JudgeUsage operator +(JudgeUsage a, JudgeUsage b) =>
        new(a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens);
}
