namespace Oaif.Data;

/// <summary>
/// How rows are fitted into a model's context, in tokens. Policy: the prompt keeps its END (the most
/// recent turns and the assistant cue) down to <see cref="MaxPromptTokens"/>; then each response is cut
/// at its end to fit <see cref="MaxSequenceTokens"/>. A prompt that still leaves no room for a single
/// response token is a row error.
/// </summary>
public sealed record TruncationPolicy
{
    /// <summary>Prompt length limit; null keeps whole prompts. Default null.</summary>
    public int? MaxPromptTokens { get; init; }

    /// <summary>Prompt + response limit (the model's context). Default 1024, GPT-2's context.</summary>
    public int MaxSequenceTokens { get; init; } = 1024;

    /// <summary>Fits one prompt/response pair; <c>Truncated</c> is true when anything was cut.</summary>
    public (int[] Prompt, int[] Response, bool Truncated) Fit(int[] prompt, int[] response)
    {
        Validate();
        bool truncated = false;
        if (MaxPromptTokens is int maxPrompt && prompt.Length > maxPrompt)
        {
            prompt = prompt[^maxPrompt..];
            truncated = true;
        }
        int room = MaxSequenceTokens - prompt.Length;
        if (room < 1)
            throw new RowError($"prompt of {prompt.Length} tokens leaves no room for a response " +
                               $"within MaxSequenceTokens={MaxSequenceTokens}");
        if (response.Length > room)
        {
            response = response[..room];
            truncated = true;
        }
        return (prompt, response, truncated);
    }

    /// <summary>Throws an OaifException naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxSequenceTokens < 2)
            throw new OaifException($"TruncationPolicy.MaxSequenceTokens must be >= 2, got " +
                $"{MaxSequenceTokens}");
        if (MaxPromptTokens is int p && (p < 1 || p >= MaxSequenceTokens))
            throw new OaifException($"TruncationPolicy.MaxPromptTokens must be in " +
                $"1..{MaxSequenceTokens - 1}, got {p}");
    }
}
