using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oaif.Benchmarks;

/// <summary>Everything one <c>oaif bench</c> run measured; saved as bench.json and bench.md.</summary>
public sealed record BenchReport
{
    /// <summary>How FLOPs are counted for the update's achieved FLOP/s.</summary>
    public const string FlopFormula =
        "update FLOPs = 8·N·T + 16·L·C·S·T: " +
        "6·N·T for the policy forward+backward and 2·N·T for the " +
        "reference forward (N = all parameters incl. the tied embedding, whose output-head matmul costs " +
        "2·V·C per token), plus attention scores and weighted sums 4·L·C·S per token forward over the " +
        "full S×S square (×3 with backward, ×1 for the reference); T = policy tokens = 2·pairs·S, " +
        "L layers, C width, S sequence length";

    public required MachineInfo Machine { get; init; }
    public List<MatmulResult> Roof { get; init; } = [];
    /// <summary>The highest median GFLOP/s over the matmul sizes.</summary>
    public double RoofGflops { get; set; } = double.NaN;
    public List<UpdateResult> Updates { get; init; } = [];
    public List<SamplingResult> Sampling { get; init; } = [];
    public List<AnnotationResult> Annotation { get; init; } = [];
    public PipelineResult? Pipeline { get; set; }
    public StepSplitResult? OnlineStep { get; set; }
    public ReferenceCheck? Reference { get; set; }
    public List<TargetResult> Targets { get; set; } = [];
    public double[] LoadAverageEnd { get; set; } = [];
    public double TotalSeconds { get; set; }
    public string Flops { get; init; } = FlopFormula;

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>bench.json: snake_case keys; NaN (not measured) is written as the string "NaN".</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static BenchReport FromJson(string json) =>
        JsonSerializer.Deserialize<BenchReport>(json, Json)
        ?? throw new OaifException("bench.json: empty document");
}
