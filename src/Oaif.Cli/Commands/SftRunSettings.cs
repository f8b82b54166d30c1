using System.Text.Json;

namespace Oaif.Cli.Commands;

/// <summary>
/// What <c>oaif sft --resume</c> needs beyond the trainer's config.json: where the data is and how it was
/// split and truncated. Saved as sft_run.json in the run directory when the run starts.
/// </summary>
internal sealed record SftRunSettings
{
    public const string FileName = "sft_run.json";
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Absolute path of the SFT data file.</summary>
    public string Data { get; init; } = "";

    /// <summary>Fraction of rows held out for evaluation.</summary>
    public double EvalFraction { get; init; }

    /// <summary>Prompt + completion token limit.</summary>
    public int MaxLength { get; init; }

    /// <summary>Where the starting model came from (preset name or directory), for the record.</summary>
    public string StartedFrom { get; init; } = "";

    public void Save(string runDir) =>
        File.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    public static SftRunSettings Load(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
            throw new OaifException($"{runDir}: no {FileName}; not a run started by oaif sft");
        try { return JsonSerializer.Deserialize<SftRunSettings>(File.ReadAllText(path), Json)!; }
        catch (JsonException e) { throw new OaifException($"{path}: unreadable ({e.Message})", e); }
    }
}
