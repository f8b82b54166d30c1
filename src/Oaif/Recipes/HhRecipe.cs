using System.Text.Json;
using System.Text.Json.Nodes;
using Oaif.Training;

namespace Oaif.Recipes;

/// <summary>What one invocation of the HH recipe works on.</summary>
public sealed record HhRecipeRun
{
    /// <summary>Preference file: Anthropic HH-RLHF jsonl(.gz), or any preference format the loader
    /// reads.</summary>
    public required string Data { get; init; }

    /// <summary>Optional second file the held-out pairs come from (e.g. the public test file when
    /// <see cref="Data"/> is the train file). Null: held-out pairs come from <see cref="Data"/>.</summary>
    public string? HeldOutData { get; init; }

    /// <summary>The loaded recipe settings.</summary>
    public required HhRecipeConfig Config { get; init; }

    /// <summary>Name of the scale the config was loaded at (ci or full), for the record.</summary>
    public required string Scale { get; init; }

    /// <summary>Run directory; each stage writes its own sub-folder.</summary>
    public required string OutDir { get; init; }

    /// <summary>Progress lines and the trainers' step lines.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}

/// <summary>
/// The Anthropic HH harmlessness recipe, end to end and in-process: split → BPE tokenizer → SFT from
/// scratch → reward model → offline DPO → OAIF with the reward-model judge and with the served SFT
/// model as LLM judge → evaluation of every arm against SFT → report.md and summary.json. A stage whose
/// folder is complete is skipped, so re-running the same command resumes an interrupted recipe.
/// </summary>
public static class HhRecipe
{
    /// <summary>The recipe's record of what it was started with, in the run directory.</summary>
    public const string RecipeFile = "recipe.json";

    /// <summary>Runs every stage not yet complete and writes the report; returns the summary.</summary>
    public static async Task<JsonObject> RunAsync(HhRecipeRun run, CancellationToken ct = default)
    {
        foreach (var file in new[] { run.Data, run.HeldOutData }.OfType<string>())
            if (!File.Exists(file)) throw new OaifException($"{file}: data file not found");
        Directory.CreateDirectory(run.OutDir);
        CheckSameRecipe(run);
        var c = run.Config;
        var stages = new RecipeStages(run.OutDir, run.Log);
        var hooks = new TrainingHooks { Log = run.Log };
        string split = stages.Dir("split"), tokenizer = stages.Dir("tokenizer"), sft = stages.Dir("sft"),
            rm = stages.Dir("reward-model");

        // data and models, each stage in its own folder
        stages.Run("split", dir => HhSplit.Run(run.Data, run.HeldOutData, c.Data, dir));
        stages.Run("tokenizer", dir => HhTrainingStages.Tokenizer(split, c.Tokenizer, dir));
        stages.Run("sft", dir => HhTrainingStages.Sft(split, tokenizer, c, dir, hooks, ct));
        stages.Run("reward-model", dir => HhTrainingStages.RewardModel(split, sft, c, dir, hooks, ct));
        stages.Run("dpo", dir => HhTrainingStages.Dpo(split, sft, c, dir, hooks, ct));

        // online arms
        await stages.RunAsync("oaif-rm", dir => HhOaifStages.WithRewardModelAsync(split, sft, rm, c, dir,
            hooks, ct));
        if (c.LlmJudge.Train)
            await stages.RunAsync("oaif-llm", dir => HhOaifStages.WithLlmJudgeAsync(split, sft, c, dir, hooks,
                ct));

        // evaluation against SFT, then the report
        var arms = new Dictionary<string, string> { [HhEvaluationStage.Baseline] = sft };
        foreach (var arm in new[] { "dpo", "oaif-rm", "oaif-llm" })
            if (Directory.Exists(stages.Dir(arm))) arms[arm] = stages.Dir(arm);
        await stages.RunAsync("evaluation", dir => HhEvaluationStage.RunAsync(split, arms, rm, c, dir,
            run.Log, ct));
        var summary = HhRecipeReport.Write(run, stages.Results);
        run.Log.WriteLine($"recipe: wrote {Path.Combine(run.OutDir, HhRecipeReport.MarkdownFile)} and " +
            $"{HhRecipeReport.JsonFile}");
        return summary;
    }

    // A run directory belongs to one recipe: resuming with other settings would mix incompatible stages.
    static void CheckSameRecipe(HhRecipeRun run)
    {
        var record = new JsonObject
        {
            ["scale"] = run.Scale,
            ["data"] = Path.GetFullPath(run.Data),
            ["held_out_data"] = run.HeldOutData is null ? null : Path.GetFullPath(run.HeldOutData),
            ["config"] = run.Config.Effective.DeepClone(),
        };
        var path = Path.Combine(run.OutDir, RecipeFile);
        var text = record.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (!File.Exists(path))
        {
            File.WriteAllText(path, text);
            return;
        }
        if (File.ReadAllText(path) != text)
            throw new OaifException($"{path}: this run directory was started with a different config, " +
                "scale or data; use a new --out (or delete the directory) to start over");
    }
}
