using System.Text.Json.Nodes;
using Oaif.Recipes;
using Oaif.Tests.Support;

namespace Oaif.Tests.Recipes;

/// <summary>
/// The whole HH recipe at CI scale on the real harmless-base test file from ../shared (about half a
/// minute on two cores), then once more to check that a re-run reuses every completed stage.
/// </summary>
public class HhRecipeCiTests
{
    internal static string RecipeFile => Path.Combine(TestPaths.RepoRoot, "recipes", "hh-harmless.yaml");

    static readonly string[] Stages =
        ["split", "tokenizer", "sft", "reward-model", "dpo", "oaif-rm", "oaif-llm", "evaluation"];

    [SkippableFact]
    public async Task CiScaleWritesReportAndSummaryWithEveryArmAndResumes()
    {
        Skip.IfNot(File.Exists(TestPaths.HhRlhf),
            $"{TestPaths.HhRlhf} is absent (../shared not checked out); the HH recipe test needs it");
        var dir = TestPaths.NewTempDir("oaif-recipe");
        var log = new StringWriter();
        var run = new HhRecipeRun
        {
            Data = TestPaths.HhRlhf, Config = HhRecipeConfigLoader.Load(RecipeFile, "ci"), Scale = "ci",
            OutDir = dir, Log = log,
        };

        await HhRecipe.RunAsync(run);

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, HhRecipeReport.JsonFile)))!;
        var report = File.ReadAllText(Path.Combine(dir, HhRecipeReport.MarkdownFile));
        Assert.Equal(Stages, summary["stages"]!.AsArray().Select(s => (string)s!["stage"]!));
        Assert.All(summary["stages"]!.AsArray(), s => Assert.False((bool)s!["reused"]!));
        Assert.Equal(24, (int)summary["split"]!["held_out_pairs"]!);
        Assert.Equal(160, (int)summary["split"]!["train_pairs"]!);
        double accuracy = (double)summary["reward_model"]!["held_out_accuracy"]!;
        Assert.InRange(accuracy, 0, 1);
        Assert.Contains($"held-out pair accuracy **{accuracy:F3}**", report);

        // every arm against SFT under the reward-model judge, and under the served LLM judge
        var rows = summary["evaluation"]!["comparisons"]!.AsArray();
        foreach (var judge in new[] { "rm:reward-model", "llm:hh-sft:harmlessness" })
            Assert.Equal(["dpo", "oaif-rm", "oaif-llm"],
                rows.Where(r => (string)r!["judge"]! == judge).Select(r => (string)r!["arm"]!));
        Assert.All(rows, r => Assert.Equal(12,
            (int)r!["wins"]! + (int)r["ties"]! + (int)r["losses"]! + (int)r["invalid"]!));
        foreach (var arm in new[] { "dpo", "oaif-rm", "oaif-llm" })
            Assert.Contains($"| {arm} | `rm:", report);
        Assert.Contains("What these numbers can and cannot mean", report);
        Assert.NotNull(summary["oaif_llm"]!["judge_stats"]!["invalid_rate"]);

        // a second run finds every stage complete and only rewrites the report
        await HhRecipe.RunAsync(run with { Log = new StringWriter() });
        var again = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, HhRecipeReport.JsonFile)))!;
        Assert.All(again["stages"]!.AsArray(), s => Assert.True((bool)s!["reused"]!));
        Assert.Equal(summary["evaluation"]!.ToJsonString(), again["evaluation"]!.ToJsonString());
        Directory.Delete(dir, recursive: true);
    }
}
