namespace Oaif.Benchmarks;

/// <summary>
/// What <see cref="BenchRunner"/> measures and how often. <see cref="Full"/> is <c>oaif bench</c>,
/// <see cref="Quick"/> is <c>oaif bench --quick</c> (a subset meant to finish in about two minutes);
/// tests shrink either with <c>with</c>. Every figure is the median of <see cref="Repeats"/> runs after
/// <see cref="Warmups"/> unrecorded ones.
/// </summary>
public sealed record BenchOptions
{
    /// <summary>True for the --quick subset (recorded in the report).</summary>
    public bool IsQuick { get; init; }

    /// <summary>Unrecorded runs before measuring (JIT, allocator, thread pool). Default 1.</summary>
    public int Warmups { get; init; } = 1;

    /// <summary>Recorded runs per figure; the median is reported. Default 3.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Square fp32 matmul sizes for the roof. Default 256, 512, 1024, 2048.</summary>
    public IReadOnlyList<int> MatmulSizes { get; init; } = [256, 512, 1024, 2048];

    /// <summary>Model presets for the DAP update (ModelPresets). Default micro to base (~1M–50M).</summary>
    public IReadOnlyList<string> UpdatePresets { get; init; } = ["micro", "mini", "small", "base"];

    /// <summary>Tokens per row (prompt + response) for the DAP update. Default 128, 256, 512.</summary>
    public IReadOnlyList<int> UpdateSequences { get; init; } = [128, 256, 512];

    /// <summary>Preference pairs per update (2× rows through the policy). Default 4.</summary>
    public int UpdatePairs { get; init; } = 4;

    /// <summary>Vocabulary of the update and sampling models; 4096 is what preset sizes assume.</summary>
    public int VocabSize { get; init; } = 4096;

    /// <summary>Model preset for KV-cache sampling. Default mini (~5.8M).</summary>
    public string SamplingPreset { get; init; } = "mini";

    /// <summary>Sampling batch sizes. Default 1, 8, 32, 64.</summary>
    public IReadOnlyList<int> SamplingBatches { get; init; } = [1, 8, 32, 64];

    /// <summary>New tokens per row when sampling (no early stop). Default 64.</summary>
    public int SamplingNewTokens { get; init; } = 64;

    /// <summary>Model preset behind the local judge server. Default micro.</summary>
    public string JudgePreset { get; init; } = "micro";

    /// <summary>Judge concurrency levels. Default 1, 4, 16.</summary>
    public IReadOnlyList<int> JudgeConcurrencies { get; init; } = [1, 4, 16];

    /// <summary>Judge calls per concurrency level. Default 32.</summary>
    public int JudgeRequests { get; init; } = 32;

    /// <summary>Policy preset of the online runs (pipeline and step split). Default mini.</summary>
    public string OnlinePreset { get; init; } = "mini";

    /// <summary>Steps per online run; the first two and the last are not timed. Default 8.</summary>
    public int OnlineSteps { get; init; } = 8;

    /// <summary>Prompts per online step (2 responses each). Default 8.</summary>
    public int PromptsPerStep { get; init; } = 8;

    /// <summary>Prompt length in bytes (tokens) of the online runs. Default 48.</summary>
    public int PromptBytes { get; init; } = 48;

    /// <summary>Response length cap of the online runs. Default 32.</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>The full benchmark.</summary>
    public static BenchOptions Full { get; } = new();

    /// <summary>The --quick subset: fewer sizes, smaller models, shorter runs.</summary>
    public static BenchOptions Quick { get; } = new()
    {
        IsQuick = true,
        MatmulSizes = [256, 1024],
        UpdatePresets = ["micro", "small"],
        UpdateSequences = [256],
        UpdatePairs = 2,
        SamplingPreset = "micro",
        SamplingBatches = [1, 32],
        SamplingNewTokens = 32,
        JudgeConcurrencies = [1, 4, 16],
        JudgeRequests = 12,
        OnlinePreset = "micro",
        OnlineSteps = 5,
        MaxNewTokens = 16,
        PromptBytes = 32,
    };

    /// <summary>Throws an OaifException naming the first bad option.</summary>
    public void Validate()
    {
        if (Warmups < 0) throw new OaifException($"bench option Warmups must be >= 0, got {Warmups}");
        if (Repeats < 1) throw new OaifException($"bench option Repeats must be >= 1, got {Repeats}");
        if (OnlineSteps < 4)
            throw new OaifException($"bench option OnlineSteps must be >= 4 (2 warm-up + 1 timed + 1 last)," +
                $" got {OnlineSteps}");
        if (UpdateSequences.Any(s => s < 4))
            throw new OaifException("bench option UpdateSequences: each must be >= 4");
        if (UpdatePairs < 1)
            throw new OaifException($"bench option UpdatePairs must be >= 1, got {UpdatePairs}");
    }
}
