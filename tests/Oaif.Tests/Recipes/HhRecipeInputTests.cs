using System.CommandLine;
using System.Text.Json;
using Oaif.Cli;
using Oaif.Cli.Commands;
using Oaif.Recipes;
using Oaif.Tests.Support;

namespace Oaif.Tests.Recipes;

/// <summary>Bad data, bad settings and a mismatched run directory each stop the recipe before any
/// training, with one message naming the file or key.</summary>
public class HhRecipeInputTests
{
    static HhRecipeConfig Ci(params string[] sets) => HhRecipeConfigLoader.Load(HhRecipeCiTests.RecipeFile,
        "ci", sets);

    static HhRecipeRun Run(string data, string dir) =>
        new() { Data = data, Config = Ci(), Scale = "ci", OutDir = dir };

    [Fact]
    public async Task MissingDataFileIsNamed()
    {
        var dir = TestPaths.NewTempDir();
        var missing = Path.Combine(dir, "no-such-file.jsonl.gz");
        var e = await Assert.ThrowsAsync<OaifException>(() => HhRecipe.RunAsync(Run(missing, dir)));
        Assert.Equal($"{missing}: data file not found", e.Message);
    }

    [Fact]
    public async Task FileOfTheWrongShapeIsNamedWithLineAndField()
    {
        var dir = TestPaths.NewTempDir();
        var wrong = Path.Combine(dir, "prompts.jsonl");
        File.WriteAllLines(wrong, ["{\"text\": \"hello\"}", "{\"text\": \"again\"}"]);
        var e = await Assert.ThrowsAsync<OaifException>(
            () => HhRecipe.RunAsync(Run(wrong, Path.Combine(dir, "run"))));
        Assert.Equal($"{wrong}:1: missing field 'chosen'", e.Message);
    }

    [Fact]
    public void CliReportsBadDataAsOneFailure()
    {
        var dir = TestPaths.NewTempDir();
        var root = new RootCommand("test");
        root.Subcommands.Add(RecipeCommand.Create(new StringWriter()));
        int exit = CliRunner.Run(root, ["recipe", "hh", "--data", Path.Combine(dir, "absent.jsonl"),
            "--config", HhRecipeCiTests.RecipeFile, "--scale", "ci", "--out", Path.Combine(dir, "run")]);
        Assert.Equal(CliRunner.Failure, exit);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
    }

    [Fact]
    public async Task RunDirectoryOfAnotherRecipeIsRefused()
    {
        var dir = TestPaths.NewTempDir();
        var data = SplitTests.WritePairs(dir, 40);
        File.WriteAllText(Path.Combine(dir, HhRecipe.RecipeFile), "{\"scale\": \"full\"}\n");
        var e = await Assert.ThrowsAsync<OaifException>(() => HhRecipe.RunAsync(Run(data, dir)));
        Assert.StartsWith(Path.Combine(dir, HhRecipe.RecipeFile) +
            ": this run directory was started with a different config", e.Message);
    }

    [Fact]
    public void ScaleOverridesAndSetApplyInOrder()
    {
        var full = HhRecipeConfigLoader.Load(HhRecipeCiTests.RecipeFile, "full");
        var ci = Ci("sft.trainer.max_steps=7", "model.preset=micro");
        Assert.Equal(("micro", 312, 512), (full.Model.Preset, full.Data.HeldOut, full.Model.MaxPositions));
        Assert.Equal(24, ci.Data.HeldOut);
        Assert.Equal(7, ci.Sft.Trainer.MaxSteps);
        Assert.Equal("micro", ci.Model.Preset);
        Assert.Equal(1e-3, ci.Sft.Trainer.LearningRate);
        Assert.Equal(4, ci.Oaif.Online.PromptsPerStep);
    }

    [Theory]
    [InlineData("data.held_outt=3", "key 'data.held_outt': unknown key")]
    [InlineData("model.preset=huge", "'model.preset' must be one of nano, micro, mini, small, base")]
    [InlineData("sft.trainer.learning_rate=-1",
        "hh-harmless.yaml [sft]: 'trainer.learning_rate' must be > 0")]
    [InlineData("dpo.trainer.bogus=1", "hh-harmless.yaml [dpo]: unknown key 'trainer.bogus'")]
    [InlineData("evaluation.prompts=many", "key 'evaluation.prompts': wrong type of value")]
    public void BadSettingIsNamed(string set, string expected)
    {
        var e = Assert.Throws<OaifException>(() => Ci(set));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void UnknownScaleListsTheDefinedOnes()
    {
        var e = Assert.Throws<OaifException>(
            () => HhRecipeConfigLoader.Load(HhRecipeCiTests.RecipeFile, "huge"));
        Assert.Equal("hh-harmless.yaml: no scale 'huge' under 'scales' (defined: full, ci)", e.Message);
    }

    [Fact]
    public void StagesSkipCompleteFoldersAndRestartIncompleteOnes()
    {
        var dir = TestPaths.NewTempDir();
        var stages = new RecipeStages(dir, TextWriter.Null);
        int calls = 0;
        stages.Run("a", d => { calls++; return new() { ["n"] = 1 }; });
        Directory.CreateDirectory(Path.Combine(dir, "b"));
        File.WriteAllText(Path.Combine(dir, "b", "leftover.txt"), "partial");

        var again = new RecipeStages(dir, TextWriter.Null);
        var a = again.Run("a", d => { calls++; return new(); });
        again.Run("b", d => new() { ["fresh"] = !File.Exists(Path.Combine(d, "leftover.txt")) });

        Assert.Equal(1, calls);
        Assert.True(a.Reused);
        Assert.Equal(1, (int)a.Details["n"]!);
        Assert.True((bool)again.Results[1].Details["fresh"]!);
        var marker = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "b", RecipeStages.MarkerFile)));
        Assert.Equal("b", marker.RootElement.GetProperty("stage").GetString());
    }
}
