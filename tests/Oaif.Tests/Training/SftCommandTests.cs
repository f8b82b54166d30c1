using System.CommandLine;
using System.Text.Json;
using Oaif.Cli;
using Oaif.Cli.Commands;
using Oaif.Data;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Tests.Training;

/// <summary>oaif sft end to end, in-process: data file in, model directory with tokenizer out.</summary>
public class SftCommandTests
{
    /// <summary>200 rows "count from s by n:" → " s s+1 … s+n-1" (100 distinct, each twice).</summary>
    internal static string CountingData(string dir)
    {
        var path = Path.Combine(dir, "count.jsonl");
        var lines = new List<string>();
        for (int copy = 0; copy < 2; copy++)
            for (int s = 0; s < 20; s++)
                for (int n = 1; n <= 5; n++)
                    lines.Add(JsonSerializer.Serialize(new
                    {
                        prompt = $"count from {s} by {n}:",
                        completion = " " + string.Join(" ", Enumerable.Range(s, n)),
                    }));
        File.WriteAllLines(path, lines);
        return path;
    }

    internal static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(SftCommand.Create(output));
        root.Subcommands.Add(TrainRmCommand.Create(output));
        return (CliRunner.Run(root, args), output.ToString());
    }

    [Fact]
    public void SftFromScratchLowersEvalLossAndSavedModelGeneratesATrainingTarget()
    {
        var dir = TestPaths.NewTempDir();
        var data = CountingData(dir);
        var runDir = Path.Combine(dir, "run");

        var (exit, output) = Run("sft", "--data", data, "--preset", "micro", "--train-tokenizer", "300",
            "--out", runDir, "--eval-fraction", "0.2", "--set", "trainer.epochs=8",
            "--set", "trainer.learning_rate=3e-3", "--set", "trainer.warmup_steps=5",
            "--set", "trainer.eval_every=8", "--set", "trainer.log_every=8");

        Assert.True(exit == 0, output);
        Assert.Contains("final eval loss", output);
        var evals = OfflineDapTrainerTests.Metrics(runDir)
            .Where(m => m.TryGetProperty("eval/loss", out _)).Select(m
                => m.GetProperty("eval/loss").GetDouble())
            .ToList();
        Assert.True(evals[^1] < 0.5 * evals[0], $"eval loss {evals[0]} -> {evals[^1]}");

        // The model directory alone is enough: weights, config and tokenizer; checkpoints too.
        var checkpoints = Directory.GetDirectories(runDir, "checkpoint-*");
        Assert.NotEmpty(checkpoints);
        Assert.All(checkpoints, c => Assert.True(File.Exists(Path.Combine(c, "model", "tokenizer.json"))));
        var modelDir = Path.Combine(runDir, "model");
        using var model = ModelLoader.Load(modelDir);
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(modelDir, "tokenizer.json"));
        Assert.Equal(tokenizer.EosId, model.Config.EosTokenId);
        var encoder = new ExampleEncoder(tokenizer, new TruncationPolicy());
        var prompt = encoder.Prompt("count from 3 by 4:").Select(i => (int)i).ToArray();
        var generated = new TextGenerator(model).Generate([prompt],
            new GenerationOptions { MaxNewTokens = 20, Temperature = 0 })[0];
        Assert.Equal(tokenizer.EosId, generated.TokenIds[^1]);
        Assert.Equal(" 3 4 5 6", tokenizer.Decode(generated.TokenIds));
    }

    [Fact]
    public void SftRefusesAnExistingRunAndConflictingFlags()
    {
        var dir = TestPaths.NewTempDir();
        var data = CountingData(dir);
        var (exit, _) = Run("sft", "--data", data, "--out", Path.Combine(dir, "r"));
        Assert.Equal(CliRunner.Failure, exit);
        (exit, _) = Run("sft", "--data", data, "--preset", "huge", "--train-tokenizer", "300",
            "--out", Path.Combine(dir, "r2"));
        Assert.Equal(CliRunner.Failure, exit);
    }
}
