using System.Text.Json.Nodes;

namespace Oaif.Data;

/// <summary>
/// Loads prompt, SFT and preference sets from .jsonl, .jsonl.gz and .parquet. A malformed row stops the
/// load with "file:line: reason" unless <see cref="DatasetOptions.SkipBadRows"/> is set, in which case it
/// is skipped and counted by reason. Tie and invalid lines of a judged-pairs file are not malformed, so
/// they are always skipped and counted ("undecided verdict"). Nothing is dropped silently: the report
/// accounts for every row.
/// </summary>
public static class DatasetLoader
{
    const int MismatchLinesKept = 5;

    /// <summary>Loads (prompt, chosen, rejected) pairs.</summary>
    public static Dataset<PreferenceExample> LoadPreferences(string path, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        return Load(path, DatasetKind.Preference, options,
            (parser, row, format, line) => parser.Preference(row, format, line),
            (e, t) => Measure(t, options, e.Prompt, e.Chosen, e.Rejected));
    }

    /// <summary>Loads (prompt, completion) pairs.</summary>
    public static Dataset<SftExample> LoadSft(string path, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        return Load(path, DatasetKind.Sft, options, (parser, row, format, line) =>
            (parser.Sft(row, format, line), false), (e, t) => Measure(t, options, e.Prompt, e.Completion));
    }

    /// <summary>Loads prompts.</summary>
    public static Dataset<PromptExample> LoadPrompts(string path, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        return Load(path, DatasetKind.Prompts, options, (parser, row, format, line) =>
            (parser.Prompt(row, format, line), false), (e, t) => Measure(t, options, e.Prompt));
    }

    /// <summary>Loads a file as <paramref name="kind"/> (detected from the first row when null) and
    /// returns only the report, for statistics.</summary>
    public static DatasetReport Inspect(string path, DatasetKind? kind, DatasetOptions options)
    {
        kind ??= DetectKind(path);
        return kind switch
        {
            DatasetKind.Preference => LoadPreferences(path, options).Report,
            DatasetKind.Sft => LoadSft(path, options).Report,
            _ => LoadPrompts(path, options).Report,
        };
    }

    static DatasetKind DetectKind(string path)
    {
        var first = RawRowReader.Read(path).FirstOrDefault(r => r.Fields != null)
                    ?? throw new OaifException($"{path}: no readable rows");
        return RowParser.Detect(first.Fields!, null, DatasetFormat.Auto).Item1;
    }

    delegate (T Example, bool Mismatch) ParseRow<T>(
        RowParser parser, JsonObject row, DatasetFormat format, int line);

    static Dataset<T> Load<T>(string path, DatasetKind kind, DatasetOptions options, ParseRow<T> parse,
        Func<T, DatasetReport, bool> measure)
    {
        options.Truncation?.Validate();
        var report = new DatasetReport { File = path, Kind = kind };
        var parser = new RowParser(options.Chat);
        var rows = new List<T>();
        DatasetFormat? format = null;
        foreach (var raw in RawRowReader.Read(path))
        {
            report.RowsRead++;
            try
            {
                if (raw.Error != null) throw new RowError(raw.Error);
                format ??= RowParser.Detect(raw.Fields!, kind, options.Format).Item2;
                var (example, mismatch) = parse(parser, raw.Fields!, format.Value, raw.Line);
                if (mismatch && !NoteMismatch(report, raw.Line, options)) continue;
                if (measure(example, report)) report.RowsTruncated++;
                rows.Add(example);
            }
            catch (RowError e)
            {
                if (!options.SkipBadRows && !e.Expected)
                    throw new OaifException($"{path}:{raw.Line}: {e.Reason}");
                report.Skip(e.Reason);
            }
        }
        report.Format = format ?? options.Format;
        report.RowsUsed = rows.Count;
        if (report.RowsRead == 0) throw new OaifException($"{path}: the file has no rows");
        if (rows.Count == 0)
        {
            string reasons = string.Join("; ", report.SkipReasons.Select(kv => $"{kv.Key}: {kv.Value}"));
            throw new OaifException($"{path}: none of {report.RowsRead} rows is usable ({reasons})");
        }
        return new Dataset<T>(rows, report);
    }

    // Returns whether the row is kept.
    static bool NoteMismatch(DatasetReport report, int line, DatasetOptions options)
    {
        report.PrefixMismatches++;
        if (report.PrefixMismatchLines.Count < MismatchLinesKept) report.PrefixMismatchLines.Add(line);
        if (options.DropPrefixMismatches) report.Skip("chosen and rejected prompts differ");
        return !options.DropPrefixMismatches;
    }

    // Records token lengths and applies the truncation policy; true when the row would be truncated.
    static bool Measure(DatasetReport report, DatasetOptions options, string prompt,
        params string[] responses)
    {
        if (options.Tokenizer is not { } tokenizer) return false;
        var promptIds = tokenizer.EncodeWithSpecialTokens(prompt);
        Record(report, "prompt", promptIds.Length);
        bool truncated = false;
        for (int i = 0; i < responses.Length; i++)
        {
            var ids = tokenizer.EncodeWithSpecialTokens(responses[i]);
            Record(report, responses.Length == 1 ? "response" : i == 0 ? "chosen" : "rejected", ids.Length);
            if (options.Truncation != null) truncated |= options.Truncation.Fit(promptIds, ids).Truncated;
        }
        return truncated;
    }

    static void Record(DatasetReport report, string field, int length)
    {
        if (!report.TokenLengths.TryGetValue(field, out var list)) report.TokenLengths[field] = list = new();
        list.Add(length);
    }
}
