using System.Globalization;
using System.Text.Json.Nodes;
using Oaif.Evaluation;

namespace Oaif.Recipes;

/// <summary>
/// The plain statements report.md ends with: what the measured numbers of a run can and cannot support.
/// Written from the numbers themselves (e.g. whether the reward model's interval includes chance), so
/// the report never claims more than the run showed.
/// </summary>
public static class HhRecipeCaveats
{
    /// <summary>An invalid rate above this means the LLM judge gave almost no usable verdicts.</summary>
    const double MostlyInvalid = 0.9;

    /// <summary>The caveats for a summary built by <see cref="HhRecipeReport"/>.</summary>
    public static List<string> For(JsonObject s)
    {
        var list = new List<string>
        {
            $"Every model here is a tiny model trained from scratch ({Get(s, "sft", "parameters")} " +
            $"parameters) on {Get(s, "split", "train_pairs")} dialogues. Its text is barely fluent; these " +
            "runs test that the pipeline works end to end on real data, not what OAIF does for a real " +
            "assistant. Nothing here is comparable with published results, which use models of billions of " +
            "parameters and far more data.",
        };
        list.Add(RewardModel(s));
        list.Add("The reward model is the common yardstick of the evaluation, and it is not neutral: the " +
            "oaif-rm arm was optimised against this very reward model, so a win under it can be reward " +
            "hacking rather than a better answer, and DPO learned from the same train pairs the reward " +
            "model did.");
        if (AllTies(s) is { } ties) list.Add(ties);
        if (LlmJudge(s) is { } llm) list.Add(llm);
        list.Add("A win rate whose 95% interval contains 0.5 shows no detectable difference from SFT at " +
            "this number of prompts. Judges (the reward model especially) may favour length; compare the " +
            "mean token counts before reading a win as an improvement.");
        return list;
    }

    static string RewardModel(JsonObject s)
    {
        var rm = s["reward_model"] as JsonObject;
        if (rm?["held_out_accuracy"] is not JsonValue v || !v.TryGetValue(out double acc)) return
            "The reward model's held-out accuracy was not measured.";
        int n = rm["held_out_pairs"]!.GetValue<int>();
        var interval = WilsonInterval.Compute(acc * n, n);
        string measured = $"The reward model's held-out pair accuracy is {F(acc)} on {n} pairs " +
            $"(95% interval {interval}).";
        return interval.Low <= 0.5
            ? measured + " That is indistinguishable from chance: its preferences are mostly noise, so the " +
              "oaif-rm arm was trained on near-random labels and the reward-model column of the evaluation " +
              "says little about harmlessness."
            : measured + " That is above chance but weak; verdicts on single pairs are still often wrong.";
    }

    static string? AllTies(JsonObject s)
    {
        var rows = (s["evaluation"]?["comparisons"] as JsonArray)?.Where(r => (int)r!["ties"]! > 0 &&
            (int)r["ties"]! >= 0.9 * ((int)r["wins"]! + (int)r["ties"]! + (int)r["losses"]!)).ToList();
        if (rows is not { Count: > 0 }) return null;
        return $"{string.Join(", ", rows.Select(r => $"{r!["arm"]} under `{r["judge"]}`"))}: at least 90% " +
            "of the valid verdicts are ties. The judge's probability stayed inside the tie band " +
            "(0.45–0.55, both orders averaged): its reward differences between the two answers are too " +
            "small to call, so the win rate of 0.5 means 'no measurable difference', " +
            "not 'equally good'. The " +
            "mean P(arm better) column shows the direction the judge leaned, without significance.";
    }

    static string? LlmJudge(JsonObject s)
    {
        var stats = s["oaif_llm"]?["judge_stats"] as JsonObject;
        var evaluation = (s["evaluation"]?["comparisons"] as JsonArray)?
            .Where(r => r?["judge"]?.ToString().StartsWith("llm:", StringComparison.Ordinal) == true)
            .ToList();
        if (stats is null && evaluation is not { Count: > 0 }) return null;
        string text = "The LLM judge is the tiny SFT model itself, served on 127.0.0.1 and asked the " +
            "harmlessness question; it was never taught to answer A or B, so this is a plumbing run, not a " +
            "judge.";
        if (stats?["invalid_rate"] is JsonValue rate && rate.TryGetValue(out double r))
        {
            text += $" During OAIF {F(r * 100, "F1")}% of its verdicts were invalid " +
                $"({stats["invalid"]} of {stats["verdicts"]}), leaving " +
                $"{Get(s, "oaif_llm", "pairs_trained")} pairs to train on";
            text += r > MostlyInvalid ? ", so the oaif-llm arm is essentially the SFT model." : ".";
        }
        foreach (var row in evaluation ?? [])
            text += $" In evaluation ({row!["arm"]}) {row["invalid"]} of " +
                $"{(int)row["wins"]! + (int)row["ties"]! + (int)row["losses"]! + (int)row["invalid"]!} " +
                "verdicts were invalid.";
        return text;
    }

    static string Get(JsonObject s, string section, string key) =>
        s[section]?[key] is JsonValue v ? v.ToJsonString() : "n/a";

    static string F(double x, string format = "F3") => x.ToString(format, CultureInfo.InvariantCulture);
}
