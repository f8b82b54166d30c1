namespace Oaif.Model;

/// <summary>How <see cref="TextGenerator"/> decodes. Defaults follow common sampling practice
/// (temperature 1, no top-k/top-p filtering) and are validated by <see cref="Validate"/>.</summary>
public sealed record GenerationOptions
{
    /// <summary>Most tokens generated per row (EOS included); default 128.</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Softmax temperature; 0 means greedy (argmax). Default 1.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability reaches this; 1 =
    /// off.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens; 0 = off.</summary>
    public int TopK { get; init; }

    /// <summary>Seed of the sampling generator, for reproducible samples; null draws from torch's
    /// default.</summary>
    public long? Seed { get; init; }

    /// <summary>Ids that end a row (kept as its last token). Null uses the model config's eos_token_id;
    /// an empty list never stops early.</summary>
    public IReadOnlyList<int>? StopTokenIds { get; init; }

    /// <summary>Id used for left padding of prompts and after a row stopped. Null uses the config's
    /// pad id, else its EOS id, else 0. Padding never reaches the model's attention.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>Also return each generated token's log-probability under the model (raw logits,
    /// before temperature and filtering); default false.</summary>
    public bool ReturnLogProbs { get; init; }

    /// <summary>Also return, per generated token, the k most likely ids of the model's next-token
    /// distribution with their log-probabilities (raw logits, before temperature and filtering), most
    /// likely first; k is capped at the vocabulary size. Default 0: off.</summary>
    public int TopLogProbs { get; init; }

    /// <summary>Throws an OaifException naming the first bad option.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0) throw new OaifException($"max_new_tokens must be >= 0, got {MaxNewTokens}");
        if (Temperature < 0 || double.IsNaN(Temperature))
            throw new OaifException($"temperature must be >= 0, got {Temperature}");
        if (!(TopP > 0 && TopP <= 1)) throw new OaifException($"top_p must be in (0, 1], got {TopP}");
        if (TopK < 0) throw new OaifException($"top_k must be >= 0, got {TopK}");
        if (TopLogProbs < 0) throw new OaifException($"top_logprobs must be >= 0, got {TopLogProbs}");
    }
}
