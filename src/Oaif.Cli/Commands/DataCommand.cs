using System.CommandLine;
using System.Text.Json;
using Oaif.Data;
using Oaif.Tokenization;

namespace Oaif.Cli.Commands;

/// <summary><c>oaif data stats</c>: loads a dataset and prints one JSON object describing it.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Inspect datasets.");
        command.Subcommands.Add(CreateStats());
        return command;
    }

    static Command CreateStats()
    {
        var path = new Argument<string>("path") { Description = "A .jsonl, .jsonl.gz or .parquet file." };
        var kind = KindOption();
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json for " +
            "token-length percentiles." };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "Skip and count malformed rows." };
        var stats = new Command("stats", "Print rows read/used/skipped/truncated and token lengths as JSON.")
            { path, kind, tokenizer, skip };
        stats.SetAction(parse =>
        {
            string? tokenizerPath = parse.GetValue(tokenizer);
            var options = new DatasetOptions
            {
                SkipBadRows = parse.GetValue(skip),
                Tokenizer = tokenizerPath == null ? null : HuggingFaceTokenizer.Load(tokenizerPath),
            };
            var report = DatasetLoader.Inspect(parse.GetValue(path)!, parse.GetValue(kind), options);
            parse.InvocationConfiguration.Output.WriteLine(ToJson(report));
            return 0;
        });
        return stats;
    }

    static readonly string[] KindNames = ["prompts", "sft", "preference"];

    /// <summary>--kind, shown and accepted in lower case (any case on input) to match the "kind" the
    /// report prints, rather than the enum's capitalised names.</summary>
    static Option<DatasetKind?> KindOption()
    {
        var kind = new Option<DatasetKind?>("--kind")
        {
            Description = "What the rows are for (default: detect).",
            HelpName = string.Join("|", KindNames),
            CustomParser = result =>
            {
                string given = result.Tokens.Single().Value;
                if (Enum.TryParse(given, ignoreCase: true, out DatasetKind parsed)
                    && KindNames.Contains(given, StringComparer.OrdinalIgnoreCase))
                    return parsed;
                result.AddError($"--kind: '{given}' is not one of {string.Join(", ", KindNames)}");
                return null;
            },
        };
        kind.CompletionSources.Clear();
        kind.CompletionSources.Add(KindNames);
        return kind;
    }

    /// <summary>The report as one line of JSON with stable snake_case keys.</summary>
    public static string ToJson(DatasetReport report)
    {
        var lengths = report.TokenLengths.ToDictionary(kv => kv.Key, kv => Percentiles(kv.Value));
        var obj = new Dictionary<string, object?>
        {
            ["file"] = report.File,
            ["kind"] = report.Kind.ToString().ToLowerInvariant(),
            ["format"] = report.Format.ToString(),
            ["rows_read"] = report.RowsRead,
            ["rows_used"] = report.RowsUsed,
            ["rows_skipped"] = report.RowsSkipped,
            ["skip_reasons"] = report.SkipReasons,
            ["rows_truncated"] = report.RowsTruncated,
            ["prefix_mismatches"] = report.PrefixMismatches,
            ["prefix_mismatch_lines"] = report.PrefixMismatchLines,
            ["token_lengths"] = lengths.Count == 0 ? null : lengths,
        };
        return JsonSerializer.Serialize(obj);
    }

    // Nearest-rank percentiles.
    static Dictionary<string, int> Percentiles(List<int> values)
    {
        var sorted = values.Order().ToArray();
        int At(double p)
        {
            int rank = (int)Math.Ceiling(p * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
        return new() { ["p50"] = At(0.5), ["p90"] = At(0.9), ["p99"] = At(0.99), ["max"] = sorted[^1] };
    }
}
