using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oaif.Quickstart;

/// <summary>Writes report.md, summary.json and the plots of a quickstart run.</summary>
public static class QuickstartReport
{
    public const string MarkdownFile = "report.md";
    public const string JsonFile = "summary.json";

    public static void Write(QuickstartSummary summary, string dir)
    {
        QuickstartPlots.WinRateAgainstStep(summary, Path.Combine(dir, QuickstartPlots.WinRateFile));
        QuickstartPlots.ResponseLength(summary, Path.Combine(dir, QuickstartPlots.LengthFile));
        File.WriteAllText(Path.Combine(dir, JsonFile),
            Json(summary).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(dir, MarkdownFile), Markdown(summary));
    }

    /// <summary>
    /// One row per arm: name, win/tie/loss, win rate and interval, length, coverage, details, wrong facts.
    /// </summary>
    public static IEnumerable<string[]> Rows(QuickstartSummary s)
    {
        yield return ["sft", "-", "-", "-", "-", F(s.Sft.MeanTokens, 1), F(s.Sft.Coverage),
            F(s.Sft.Details, 2), F(s.Sft.WrongFacts, 2)];
        foreach (var arm in s.Arms)
        {
            var r = arm.Helpful;
            yield return
            [
                arm.Name, $"{r.Outcome.Wins}/{r.Outcome.Ties}/{r.Outcome.Losses}", F(r.WinRate.Value),
                $"[{F(r.WinRate.Interval95.Low)}, {F(r.WinRate.Interval95.High)}]",
                arm.OwnJudge is { } own ? F(own.WinRate.Value) : "-", F(arm.Facts.MeanTokens, 1),
                F(arm.Facts.Coverage), F(arm.Facts.Details, 2), F(arm.Facts.WrongFacts, 2),
            ];
        }
    }

    public static readonly string[] Columns =
    [
        "model", "W/T/L", "win rate", "95% CI", "own judge", "tokens", "coverage", "details", "wrong",
    ];

    static string Markdown(QuickstartSummary s)
    {
        var md = new StringBuilder();
        md.AppendLine("# oaif quickstart report").AppendLine();
        md.AppendLine($"Seed {s.Options.Seed}; {s.Options.Loss.ToUpperInvariant()} loss; " +
                      $"{s.Options.PreferenceSteps} updates × {s.Options.PromptsPerStep} prompts per arm; " +
                      $"{s.Options.EvalPrompts} held-out prompts; total {s.TotalSeconds:F0} s.").AppendLine();
        md.AppendLine("| " + string.Join(" | ", Columns) + " |");
        md.AppendLine("|" + string.Concat(Columns.Select(_ => "---|")));
        foreach (var row in Rows(s)) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine().AppendLine(Findings(s)).AppendLine();
        md.AppendLine($"![win rate against step]({QuickstartPlots.WinRateFile})").AppendLine();
        md.AppendLine($"![response length]({QuickstartPlots.LengthFile})").AppendLine();
        md.AppendLine(HowToRead).AppendLine();
        md.AppendLine("## Time per stage").AppendLine();
        foreach (var (stage, seconds) in s.StageSeconds) md.AppendLine($"- {stage}: {seconds:F1} s");
        return md.ToString();
    }

    static string Findings(QuickstartSummary s)
    {
        var online = s.Arm("online").Helpful.WinRate;
        var offline = s.Arm("offline").Helpful.WinRate;
        var brief = s.Arm("online-short");
        string first = s.OnlineBeatsOffline
            ? "**Online beats offline**: "
            : "**Online did not beat offline with non-overlapping intervals in this run**: ";
        string second = s.ShortInstructionSteersLength
            ? "**The instruction steers length**: "
            : "**The \"short\" instruction did not meet both conditions " +
                "(≥ 30% shorter, win rate ≥ 0.5)**: ";
        return "## Findings\n\n" +
               $"1. {first}online DPO wins {F(online.Value)} {online.Interval95} against SFT, offline DPO " +
               $"{F(offline.Value)} {offline.Interval95}, " +
               "with the same number of annotations and updates.\n" +
               $"2. {second}the \"short\" judge's policy answers in {F(brief.Facts.MeanTokens, 1)} tokens " +
               $"against {F(s.Arm("online").Facts.MeanTokens, 1)} for the default judge " +
               $"({F(100 * s.LengthCut, 0)}% shorter) " +
               $"and wins {F(brief.Helpful.WinRate.Value)} against SFT " +
               "under the default judge.";
    }

    const string HowToRead = """
        ## How to read this

        Every model answers the same held-out reports, sampled at the training temperature with a fixed
        seed, and the built-in judge compares each answer with the SFT model's answer in both orders. A
        win counts 1, a tie ½; "win rate" is their share and the interval is Wilson's 95% interval, so
        0.5 means "no better than SFT". The built-in judge scores a summary by the key facts it states
        (who, what, how many, which items, where, when: 1 point each), plus 0.6 per extra detail (vehicle,
        occasion, helper), minus 2 per wrong or invented fact; with the "short" instruction it also takes
        0.25 points per word, so only the two-word vehicle ("by train") still pays for its words and the
        longer details ("for the fair", "with help from Ben") and padding cost more than they earn.
        "Coverage" is the share of the six key facts stated, "details" the mean number of extra details
        (0 to 3), "wrong" the mean number of names, places, numbers... that are not in the report's facts.
        "Own judge" is the win rate under the instruction the arm was trained with, where that differs.
        """;

    static JsonObject Json(QuickstartSummary s)
    {
        var arms = new JsonArray();
        foreach (var arm in s.Arms)
        {
            var r = arm.Helpful;
            arms.Add(new JsonObject
            {
                ["name"] = arm.Name, ["description"] = arm.Description,
                ["win"] = r.Outcome.Wins, ["tie"] = r.Outcome.Ties, ["loss"] = r.Outcome.Losses,
                ["invalid"] = r.Outcome.Invalid, ["win_rate"] = r.WinRate.Value,
                ["interval_95"] = new JsonArray(r.WinRate.Interval95.Low, r.WinRate.Interval95.High),
                ["win_rate_own_judge"] = arm.OwnJudge?.WinRate.Value,
                ["mean_length_tokens"] = arm.Facts.MeanTokens, ["mean_length_words"] = arm.Facts.MeanWords,
                ["key_fact_coverage"] = arm.Facts.Coverage, ["extra_details"] = arm.Facts.Details,
                ["wrong_facts"] = arm.Facts.WrongFacts,
                ["eos_rate"] = r.CandidateStats.EosRate,
                ["win_rate_by_step"] = new JsonArray(arm.Curve.Select(p => (JsonNode)new JsonObject
                {
                    ["step"] = p.Step,
                    ["win_rate"] = p.WinRate,
                    ["interval_95"] = new JsonArray(p.Low, p.High),
                }).ToArray()),
            });
        }
        return new JsonObject
        {
            ["seed"] = s.Options.Seed, ["loss"] = s.Options.Loss, ["total_seconds"] = s.TotalSeconds,
            ["sft"] = new JsonObject
            {
                ["mean_length_tokens"] = s.Sft.MeanTokens, ["mean_length_words"] = s.Sft.MeanWords,
                ["key_fact_coverage"] = s.Sft.Coverage, ["extra_details"] = s.Sft.Details,
                ["wrong_facts"] = s.Sft.WrongFacts,
            },
            ["arms"] = arms,
            ["findings"] = new JsonObject
            {
                ["online_beats_offline"] = s.OnlineBeatsOffline, ["length_cut"] = s.LengthCut,
                ["short_instruction_steers_length"] = s.ShortInstructionSteersLength,
            },
            ["stage_seconds"] = new JsonObject(s.StageSeconds.Select(x =>
                KeyValuePair.Create(x.Stage, (JsonNode?)x.Seconds))),
        };
    }

    static string F(double value, int digits = 3) =>
        value.ToString("F" + digits, CultureInfo.InvariantCulture);
}
