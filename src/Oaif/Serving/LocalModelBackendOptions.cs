namespace Oaif.Serving;

/// <summary>Options of <see cref="LocalModelChatBackend"/>.</summary>
public sealed record LocalModelBackendOptions
{
    /// <summary>Most tokens of prompt plus completion. Null (default): the Llama config's
    /// max_position_embeddings; a model that is not a Llama needs it set.</summary>
    public int? ContextLength { get; init; }

    /// <summary>Ids that end a completion (finish_reason "stop"). Null (default): the model config's EOS,
    /// the tokenizer's EOS and the chat family's end-of-turn token when the vocabulary has it.</summary>
    public IReadOnlyList<int>? StopTokenIds { get; init; }

    /// <summary>Throws an OaifException naming the bad option.</summary>
    public void Validate()
    {
        if (ContextLength is < 2)
            throw new OaifException($"backend option ContextLength must be >= 2, got {ContextLength}");
    }
}
