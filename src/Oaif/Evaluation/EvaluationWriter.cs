using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Oaif.Annotators;

namespace Oaif.Evaluation;

/// <summary>Writes an <see cref="EvaluationReport"/> as evaluation.json (everything, every pair) and
/// evaluation.md (tables and a few sample pairs).</summary>
public static class EvaluationWriter
{
    /// <summary>File name of the JSON report.</summary>
    public const string JsonFile = "evaluation.json";

    /// <summary>File name of the Markdown report.</summary>
    public const string MarkdownFile = "evaluation.md";

    /// <summary>snake_case keys, verdicts as strings; NaN (nothing judged) written as "NaN".</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes both files into <paramref name="directory"/> (created when missing).</summary>
    public static void Write(EvaluationReport report, string directory, int sampleCount = 3)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(report, JsonOptions));
        File.WriteAllText(Path.Combine(directory, MarkdownFile), Markdown(report, sampleCount));
    }

    /// <summary>The outcome and length tables, as printed at the end of <c>oaif evaluate</c>.</summary>
    public static string SummaryTable(EvaluationReport r)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| outcome | count | share | 95% interval |");
        sb.AppendLine("|---|---:|---:|---|");
        sb.AppendLine(Row("win", r.Outcome.Wins, r.Wins));
        sb.AppendLine(Row("tie", r.Outcome.Ties, r.Ties));
        sb.AppendLine(Row("loss", r.Outcome.Losses, r.Losses));
        sb.AppendLine(Row("win rate (tie = 1/2)", null, r.WinRate));
        sb.AppendLine($"| invalid (dropped) | {r.Outcome.Invalid} | | |");
        sb.AppendLine();
        sb.AppendLine("| side | mean tokens | median tokens | mean words | median words | EOS rate |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        sb.AppendLine(Side($"candidate: {r.Candidate}", r.CandidateStats));
        sb.AppendLine(Side($"baseline: {r.Baseline}", r.BaselineStats));
        return sb.ToString();
    }

    static string Markdown(EvaluationReport r, int sampleCount)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Evaluation: {r.Candidate} vs {r.Baseline}");
        sb.AppendLine();
        sb.AppendLine($"Judge `{r.Judge}` in both orders on {r.Prompts} prompts ({r.Seconds:F1} s). " +
                      "Invalid verdicts are counted and left out of every share.");
        sb.AppendLine();
        sb.Append(SummaryTable(r));
        sb.AppendLine();
        sb.AppendLine("## Sample pairs");
        foreach (var (pair, i) in r.Pairs.Take(sampleCount).Select((p, i) => (p, i + 1)))
        {
            sb.AppendLine();
            sb.AppendLine($"### {i}. {Outcome(pair)}");
            sb.AppendLine();
            sb.AppendLine($"**Prompt:** {Inline(pair.Prompt)}");
            sb.AppendLine();
            sb.AppendLine($"**Candidate:** {Inline(pair.Candidate)}");
            sb.AppendLine();
            sb.AppendLine($"**Baseline:** {Inline(pair.Baseline)}");
        }
        return sb.ToString();
    }

    static string Outcome(EvaluatedPair p) => p.Verdict switch
    {
        Verdict.First => $"candidate wins (P = {F(p.ProbabilityCandidate!.Value)})",
        Verdict.Second => $"baseline wins (P(candidate) = {F(p.ProbabilityCandidate!.Value)})",
        Verdict.Tie => $"tie (P(candidate) = {F(p.ProbabilityCandidate!.Value)})",
        _ => $"invalid: {p.InvalidReason}",
    };

    static string Row(string name, int? count, Share share) =>
        $"| {name} | {count?.ToString(CultureInfo.InvariantCulture) ?? ""} | {F(share.Value)} | " +
        $"[{F(share.Interval95.Low)}, {F(share.Interval95.High)}] |";

    static string Side(string name, SideStatistics s) =>
        $"| {name} | {s.MeanTokens.ToString("F1", CultureInfo.InvariantCulture)} | " +
        $"{s.MedianTokens.ToString("F1", CultureInfo.InvariantCulture)} | " +
        $"{s.MeanWords.ToString("F1", CultureInfo.InvariantCulture)} | " +
        $"{s.MedianWords.ToString("F1", CultureInfo.InvariantCulture)} | " +
        $"{(s.EosRate is { } e ? F(e) : "n/a")} |";

    static string F(double x) => double.IsNaN(x) ? "n/a" : x.ToString("F3", CultureInfo.InvariantCulture);

    // Keeps a response on one Markdown line and stops it from opening a table or heading.
    static string Inline(string text) => text.Length == 0 ? "_(empty)_"
        : text.Replace("\r", "").Replace("\n", " ⏎ ").Replace("|", "\\|");
}
