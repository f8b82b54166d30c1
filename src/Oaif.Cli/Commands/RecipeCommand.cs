using System.CommandLine;
using Oaif.Recipes;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif recipe hh</c>: the Anthropic HH harmlessness recipe end to end in this process (split, BPE,
/// SFT, reward model, offline DPO, OAIF with two judges, evaluation, report). Settings come from
/// recipes/hh-harmless.yaml at a named scale; re-running the same command resumes at the first stage
/// that is not complete.
/// </summary>
public static class RecipeCommand
{
    /// <summary>The recipe file used when --config is not given, relative to the repository.</summary>
    public const string DefaultConfig = "recipes/hh-harmless.yaml";

    /// <param name="output">Where progress goes; standard output when null (tests pass a writer).</param>
    public static Command Create(TextWriter? output = null)
    {
        var command = new Command("recipe", "End-to-end recipes on real data.");
        command.Subcommands.Add(Hh(output));
        return command;
    }

    static Command Hh(TextWriter? output)
    {
        var data = new Option<string>("--data")
        {
            Description = "HH-RLHF preference file (.jsonl or .jsonl.gz), e.g. harmless-base test or train",
            Required = true,
        };
        var heldOut = new Option<string?>("--held-out-data")
        {
            Description = "Take the held-out pairs from this file instead (e.g. the test file when --data " +
                          "is the train file)",
        };
        var config = new Option<string>("--config")
        {
            Description = "Recipe settings", DefaultValueFactory = _ => DefaultConfig,
        };
        var outDir = new Option<string>("--out") { Description = "Run directory", DefaultValueFactory = _ =>
            "runs/hh" };
        var scale = new Option<string>("--scale")
        {
            Description = "ci (a few hundred pairs, about a minute) or full (about 2,000 pairs)",
            DefaultValueFactory = _ => "full",
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Override one recipe key, e.g. --set sft.trainer.epochs=1 (repeatable)",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "CPU threads for torch; 0 keeps its default", DefaultValueFactory = _ => 0,
        };
        var command = new Command("hh",
            "Anthropic HH harmlessness: SFT, reward model, DPO, OAIF, evaluation.");
        foreach (var option in new Option[] { data, heldOut, config, outDir, scale, set, threads })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            var scaleName = parse.GetValue(scale)!;
            var run = new HhRecipeRun
            {
                Data = parse.GetValue(data)!,
                HeldOutData = parse.GetValue(heldOut),
                Config = HhRecipeConfigLoader.Load(parse.GetValue(config)!, scaleName, parse.GetValue(set)),
                Scale = scaleName,
                OutDir = parse.GetValue(outDir)!,
                Log = output ?? Console.Out,
            };
            await HhRecipe.RunAsync(run, ct);
            return 0;
        });
        return command;
    }
}
