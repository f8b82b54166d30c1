using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oaif.Evaluation;

namespace Oaif.Recipes;

/// <summary>
/// Writes summary.json (every number, machine-readable) and report.md (the same numbers for people,
/// with what they can and cannot mean) from the stages' recorded details.
/// </summary>
public static class HhRecipeReport
{
    /// <summary>File name of the JSON summary in the run directory.</summary>
    public const string JsonFile = "summary.json";

    /// <summary>File name of the Markdown report in the run directory.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>Writes both files; returns the summary.</summary>
    public static JsonObject Write(HhRecipeRun run, IReadOnlyList<StageResult> stages)
    {
        // Round-trip through text so every number reads back the same way, fresh or reused.
        var summary = JsonNode.Parse(Summary(run, stages).ToJsonString())!.AsObject();
        summary["caveats"] = new JsonArray(HhRecipeCaveats.For(summary).Select(c => (JsonNode)c!).ToArray());
        File.WriteAllText(Path.Combine(run.OutDir, JsonFile),
            summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(run.OutDir, MarkdownFile), Markdown(summary));
        return summary;
    }

    static JsonObject Summary(HhRecipeRun run, IReadOnlyList<StageResult> stages)
    {
        JsonObject Details(string name) =>
            stages.FirstOrDefault(s => s.Name == name)?.Details.DeepClone().AsObject() ?? new JsonObject();
        var summary = new JsonObject
        {
            ["recipe"] = "hh-harmless",
            ["scale"] = run.Scale,
            ["stages"] = new JsonArray(stages.Select(s => (JsonNode)new JsonObject
            {
                ["stage"] = s.Name, ["seconds"] = Math.Round(s.Seconds, 1), ["reused"] = s.Reused,
            }).ToArray()),
            ["total_seconds"] = Math.Round(stages.Sum(s => s.Seconds), 1),
            ["split"] = Details("split"),
            ["tokenizer"] = Details("tokenizer"),
            ["sft"] = Details("sft"),
            ["reward_model"] = Details("reward-model"),
            ["dpo"] = Details("dpo"),
            ["oaif_rm"] = Details("oaif-rm"),
            ["oaif_llm"] = Details("oaif-llm"),
            ["evaluation"] = Details("evaluation"),
        };
        return summary;
    }

    static string Markdown(JsonObject s)
    {
        var sb = new StringBuilder();
        var split = s["split"]!.AsObject();
        var sft = s["sft"]!.AsObject();
        sb.AppendLine($"# HH-RLHF harmlessness recipe ({s["scale"]} scale)");
        sb.AppendLine();
        sb.AppendLine($"Data: `{split["data"]}`: {split["train_pairs"]} train pairs, " +
            $"{split["held_out_pairs"]} held-out pairs (content-hash split, seed {split["seed"]}; " +
            $"{split["prefix_mismatches_dropped"]} pairs whose dialogues differ before the last turn " +
            "dropped).");
        sb.AppendLine($"Model: preset `{sft["preset"]}`, {sft["parameters"]} parameters, trained from " +
            $"scratch with a {s["tokenizer"]?["vocab_size"]}-token BPE learned on the train dialogues.");
        sb.AppendLine();
        Stages(sb, s);
        Models(sb, s);
        Comparisons(sb, s);
        sb.AppendLine("## What these numbers can and cannot mean");
        sb.AppendLine();
        foreach (var caveat in s["caveats"]!.AsArray()) sb.AppendLine($"- {caveat}");
        return sb.ToString();
    }

    static void Stages(StringBuilder sb, JsonObject s)
    {
        sb.AppendLine("## Stages");
        sb.AppendLine();
        sb.AppendLine("| stage | wall time (s) | this invocation |");
        sb.AppendLine("|---|---:|---|");
        foreach (var stage in s["stages"]!.AsArray())
            sb.AppendLine($"| {stage!["stage"]} | {N(stage["seconds"], "F1")} | " +
                $"{((bool)stage["reused"]! ? "reused (completed earlier)" : "ran")} |");
        sb.AppendLine($"| **total** | **{N(s["total_seconds"], "F1")}** | |");
        sb.AppendLine();
    }

    static void Models(StringBuilder sb, JsonObject s)
    {
        var rm = s["reward_model"]!.AsObject();
        sb.AppendLine("## Training");
        sb.AppendLine();
        sb.AppendLine($"- SFT: {s["sft"]?["steps"]} steps; held-out loss {N(s["sft"]?["eval_loss"], "F3")}.");
        sb.AppendLine($"- Reward model: {rm["steps"]} steps over {rm["pairs_seen"]} of " +
            $"{rm["train_pairs"]} train pairs; held-out pair accuracy " +
            $"**{N(rm["held_out_accuracy"], "F3")}** on " +
            $"{rm["held_out_pairs"]} pairs, 95% interval {AccuracyInterval(rm)} (chance is 0.5); " +
            $"held-out loss {N(rm["held_out_loss"], "F3")} (ln 2 = 0.693 is chance).");
        sb.AppendLine($"- Offline DPO: {s["dpo"]?["steps"]} steps over {s["dpo"]?["pairs_seen"]} train " +
            "pairs; " +
            "held-out implicit-reward accuracy " +
            $"{N(s["dpo"]?["held_out_implicit_reward_accuracy"], "F3")}.");
        foreach (var (key, label) in new[] { ("oaif_rm", "OAIF, reward-model judge"),
                     ("oaif_llm", "OAIF, served-SFT LLM judge") })
        {
            if (s[key] is not JsonObject arm || arm.Count == 0) continue;
            var stats = arm["judge_stats"]!;
            sb.AppendLine($"- {label} (`{arm["judge"]}`): {arm["steps"]} steps, " +
                $"{N(arm["pairs_trained"], "F0")} pairs trained on; {stats["verdicts"]} verdicts, " +
                $"{stats["invalid"]} invalid " +
                $"(rate {N(stats["invalid_rate"], "F3")}), {stats["ties"]} ties.");
        }
        sb.AppendLine();
    }

    static void Comparisons(StringBuilder sb, JsonObject s)
    {
        var evaluation = s["evaluation"]!.AsObject();
        sb.AppendLine($"## Evaluation against SFT ({evaluation["prompts"]} held-out prompts, greedy, " +
            "both orders)");
        sb.AppendLine();
        sb.AppendLine("| arm | judge | win | tie | loss | invalid | win rate (tie = 1/2) | 95% interval | " +
            "mean P(arm better) | mean tokens arm / sft | EOS rate arm / sft |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---:|---|---|");
        foreach (var row in evaluation["comparisons"]?.AsArray() ?? [])
            sb.AppendLine($"| {row!["arm"]} | `{row["judge"]}` | {row["wins"]} | {row["ties"]} | " +
                $"{row["losses"]} | {row["invalid"]} | {N(row["win_rate"], "F3")} | " +
                $"[{N(row["win_rate_low"], "F3")}, {N(row["win_rate_high"], "F3")}] | " +
                $"{N(row["mean_probability"], "F3")} | " +
                $"{N(row["candidate_mean_tokens"], "F1")} / {N(row["baseline_mean_tokens"], "F1")} | " +
                $"{N(row["candidate_eos_rate"], "F2")} / {N(row["baseline_eos_rate"], "F2")} |");
        sb.AppendLine();
        sb.AppendLine("Per-comparison details (every pair, sample responses): `evaluation/<judge>/<arm>/`.");
        sb.AppendLine();
    }

    /// <summary>Wilson 95% interval of the RM's held-out accuracy, or "n/a".</summary>
    internal static string AccuracyInterval(JsonObject rm)
    {
        if (rm["held_out_accuracy"] is not JsonValue acc || rm["held_out_pairs"] is not JsonValue pairs)
            return "n/a";
        int n = pairs.GetValue<int>();
        return WilsonInterval.Compute(acc.GetValue<double>() * n, n).ToString();
    }

    static string N(JsonNode? node, string format) => node is JsonValue v && v.TryGetValue(out double d)
        ? d.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
