namespace Oaif.Tokenization;

/// <summary>Settings for <see cref="BpeTrainer"/>.</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Total vocabulary including the 256 byte tokens and the special tokens. Default 4096,
    /// a common size for the small from-scratch models of the quickstart.</summary>
    public int VocabSize { get; init; } = 4096;

    /// <summary>A pair must occur at least this often to be merged. Default 2: a pair seen once
    /// only memorises the corpus.</summary>
    public int MinPairFrequency { get; init; } = 2;

    /// <summary>
    /// Beginning-of-sequence token (written to tokenizer_config.json). Default "&lt;|bos|&gt;".
    /// </summary>
    public string? BosToken { get; init; } = "<|bos|>";

    /// <summary>End-of-sequence token. Default "&lt;|eos|&gt;".</summary>
    public string? EosToken { get; init; } = "<|eos|>";

    /// <summary>Padding token. Default "&lt;|pad|&gt;".</summary>
    public string? PadToken { get; init; } = "<|pad|>";

    /// <summary>More special tokens, e.g. chat markers. Default none.</summary>
    public IReadOnlyList<string> ExtraSpecialTokens { get; init; } = Array.Empty<string>();

    /// <summary>All special tokens in id order: BOS, EOS, PAD, then the extras.</summary>
    public IReadOnlyList<string> SpecialTokens =>
        new[] { BosToken, EosToken, PadToken }.OfType<string>()
            .Concat(ExtraSpecialTokens).Distinct().ToList();

    /// <summary>Throws an OaifException naming the first bad setting.</summary>
    public void Validate()
    {
        int minimum = 256 + SpecialTokens.Count;
        if (VocabSize < minimum)
            throw new OaifException($"BpeTrainerOptions.VocabSize {VocabSize} is below {minimum} " +
                                    "(256 bytes + special tokens)");
        if (MinPairFrequency < 1)
            throw new OaifException($"BpeTrainerOptions.MinPairFrequency must be >= 1, got " +
                $"{MinPairFrequency}");
        if (SpecialTokens.Any(string.IsNullOrEmpty))
            throw new OaifException("BpeTrainerOptions: special tokens must be non-empty strings");
    }
}
