namespace Oaif.Data;

/// <summary>What a load did with the rows of one file.</summary>
public sealed class DatasetReport
{
    public required string File { get; init; }
    public DatasetKind Kind { get; set; }
    public DatasetFormat Format { get; set; }
    public int RowsRead { get; set; }
    public int RowsUsed { get; set; }
    public int RowsSkipped { get; set; }

    /// <summary>Skipped rows by reason.</summary>
    public SortedDictionary<string, int> SkipReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows cut by the truncation policy (only counted when a tokenizer is given).</summary>
    public int RowsTruncated { get; set; }

    /// <summary>Preference pairs whose chosen and rejected prompts differ (HH and conversational).</summary>
    public int PrefixMismatches { get; set; }

    /// <summary>Lines of the first few prefix mismatches.</summary>
    public List<int> PrefixMismatchLines { get; } = new();

    /// <summary>Token lengths per field ("prompt", "chosen", ...) when a tokenizer is given.</summary>
    public Dictionary<string, List<int>> TokenLengths { get; } = new();

    internal void Skip(string reason)
    {
        RowsSkipped++;
        SkipReasons[reason] = SkipReasons.GetValueOrDefault(reason) + 1;
    }
}
