using Oaif.Tokenization;

namespace Oaif.Data;

/// <summary>Settings for <see cref="DatasetLoader"/>.</summary>
public sealed record DatasetOptions
{
    /// <summary>Row layout; default <see cref="DatasetFormat.Auto"/> (detected from the first row).</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Skip and count malformed rows instead of stopping at the first. Default false: a bad
    /// row is usually a bad file, and silently losing rows skews training.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>How message lists become text. Default the plain "User: ...\nAssistant:" format.</summary>
    public ChatFormatter Chat { get; init; } = new(ChatFamily.Plain);

    /// <summary>Tokenizer for length checks and statistics; null skips both. Default null.</summary>
    public ITokenizer? Tokenizer { get; init; }

    /// <summary>Applied (with a tokenizer) to count truncated rows and reject prompts that cannot fit.
    /// Default null: no length limit is checked.</summary>
    public TruncationPolicy? Truncation { get; init; }

    /// <summary>Drop HH/conversational pairs whose two prompts differ instead of keeping them with the
    /// chosen side's prompt. Default false (kept and counted in the report).</summary>
    public bool DropPrefixMismatches { get; init; }
}
