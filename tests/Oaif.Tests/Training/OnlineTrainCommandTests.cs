using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Oaif.Cli;
using Oaif.Cli.Commands;
using Oaif.Model;
using Oaif.Tests.Annotators;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Tests.Training;

public class OnlineTrainCommandTests
{
    const string KeyVariable = "OAIF_TEST_ONLINE_JUDGE_KEY";

    /// <summary>A byte-level BPE tokenizer.json and a tiny Llama sized to it, on disk.</summary>
    static (string Model, string Tokenizer) TinyModelOnDisk(string dir)
    {
        var texts = OnlineToy.Prompts(50, seed: 4).Select(p => p + " yes no maybe.");
        var tokenizerPath = Path.Combine(dir, "tokenizer.json");
        var tokenizer = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 270 })
            .Save(tokenizerPath);
        var modelDir = Path.Combine(dir, "model");
        using var model = new LlamaForCausalLM(OnlineToy.Config() with
        {
            VocabSize = tokenizer.VocabSize, BosTokenId = tokenizer.BosId, EosTokenId = tokenizer.EosId,
            PadTokenId = tokenizer.PadId,
        });
        model.Save(modelDir);
        return (modelDir, tokenizerPath);
    }

    /// <summary>A prompts.jsonl of <paramref name="count"/> toy prompts in <paramref name="dir"/>.</summary>
    static string PromptsFile(string dir, int count, int seed)
    {
        var path = Path.Combine(dir, "prompts.jsonl");
        File.WriteAllLines(path, OnlineToy.Prompts(count, seed).Select(p => $"{{\"prompt\": \"{p}\"}}"));
        return path;
    }

    [Fact]
    public void AnOnlineRunsPairsFileTrainsOfflineThroughTheCli()
    {
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 8, seed: 6);
        var root = new RootCommand { TrainCommand.Create() };
        string online = Path.Combine(dir, "online"), offline = Path.Combine(dir, "offline");
        string[] small = ["--quiet", "--set", "trainer.max_steps=2", "--set", "online.prompts_per_step=4",
            "--set", "online.max_new_tokens=6", "--set", "trainer.learning_rate=1e-3"];
        Assert.Equal(0, CliRunner.Run(root, ["train", "--model", model, "--tokenizer", tokenizer, "--prompts",
            prompts, "--judge", "rule:longer", "--out", online, .. small]));

        string pairs = Path.Combine(online, "pairs.jsonl");
        Assert.Equal(0, CliRunner.Run(root, ["train", "--mode", "offline", "--model", model, "--tokenizer",
            tokenizer, "--data", pairs, "--out", offline, "--set", "trainer.batch_size=2", .. small]));
        var steps = File.ReadAllLines(Path.Combine(offline, "metrics.jsonl"))
            .Count(l => l.Contains("\"step\":", StringComparison.Ordinal));
        Assert.Equal(2, steps);
        Assert.True(Directory.Exists(Path.Combine(offline, "checkpoint-2", "model")));
        // Each checkpoint carries the tokenizer, so it loads on its own.
        Assert.True(File.Exists(Path.Combine(online, "checkpoint-2", "model", "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(offline, "checkpoint-2", "model", "tokenizer.json")));
    }

    [Fact]
    public async Task TheJudgeRequestBudgetCapsWhatTheServerSeesAndTheRunGoesOn()
    {
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("A"));
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 8, seed: 7);
        var runDir = Path.Combine(dir, "run");
        var root = new RootCommand { TrainCommand.Create() };

        // 2 steps × 4 prompts × 2 orders would be 16 requests; the budget allows 6.
        int exit = CliRunner.Run(root, ["train", "--model", model, "--tokenizer", tokenizer,
            "--prompts", prompts,
            "--judge", "openai", "--judge-endpoint", server.Endpoint.ToString(), "--judge-model", "fake",
            "--judge-max-requests", "6", "--out", runDir, "--quiet", "--set", "trainer.max_steps=2",
            "--set", "online.prompts_per_step=4", "--set", "online.max_new_tokens=4",
            "--set", "online.max_invalid_rate=1"]);

        Assert.Equal(0, exit);
        Assert.Equal(6, server.Requests.Count);
        var lines = File.ReadAllLines(Path.Combine(runDir, OnlinePairsFile.FileName));
        Assert.Equal(8, lines.Length);
        Assert.Contains(lines, l => l.Contains("budget exhausted", StringComparison.Ordinal));
    }

    [Fact]
    public void APromptTooLongForTheModelIsNamedWithItsLine()
    {
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = Path.Combine(dir, "prompts.jsonl");
        string longPrompt = string.Join(" ", Enumerable.Repeat("yes no maybe", 40));
        File.WriteAllLines(prompts, ["{\"prompt\": \"yes\"}", $"{{\"prompt\": \"{longPrompt}\"}}"]);
        var errors = new StringWriter();
        int exit = CliRunner.Run(new RootCommand { TrainCommand.Create() }, ["train", "--model", model,
            "--tokenizer", tokenizer, "--prompts", prompts, "--judge", "rule:longer", "--quiet",
            "--out", Path.Combine(dir, "run"), "--set", "online.max_new_tokens=6"], errors);
        Assert.Equal(CliRunner.Failure, exit);
        // The tiny model holds 64 positions (OnlineToy.Config).
        Assert.Matches($"^oaif: {Regex.Escape(prompts)}:2: prompt is \\d+ tokens; with " +
                       "online.max_new_tokens 6 it needs \\d+ positions but the model holds 64; shorten or " +
                       "drop it$",
            errors.ToString().TrimEnd());
    }

    [Fact]
    public void AReplayWithoutConfigUsesTheRecordedRunsConfigAndRepeatsItsUpdates()
    {
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 8, seed: 6);
        var root = new RootCommand { TrainCommand.Create() };
        string original = Path.Combine(dir, "original"), replayed = Path.Combine(dir, "replayed");
        Assert.Equal(0, CliRunner.Run(root, ["train", "--model", model, "--tokenizer", tokenizer, "--prompts",
            prompts, "--judge", "rule:longer", "--out", original, "--quiet", "--set", "trainer.max_steps=2",
            "--set", "online.prompts_per_step=4", "--set", "online.max_new_tokens=6",
            "--set", "trainer.learning_rate=1e-3", "--set", "trainer.warmup_steps=0"]));

        // no --config and no --set: the replay must still run the original's learning rate and steps
        Assert.Equal(0, CliRunner.Run(root, ["train", "--model", model, "--tokenizer", tokenizer,
            "--replay", Path.Combine(original, "pairs.jsonl"), "--out", replayed, "--quiet"]));

        using var a = ModelLoader.Load(Path.Combine(original, "checkpoint-2", "model"));
        using var b = ModelLoader.Load(Path.Combine(replayed, "checkpoint-2", "model"));
        Assert.True(OnlineToy.MaxDifference(a, b) <= 1e-6);
        using var start = ModelLoader.Load(model);
        Assert.True(OnlineToy.MaxDifference(start, b) > 1e-4, "the replay did not move the weights");
    }

    [Fact]
    public void ResumeRefusesAnotherJudgeAndConfigChanges()
    {
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 8, seed: 6);
        var root = new RootCommand { TrainCommand.Create() };
        string run = Path.Combine(dir, "run");
        string[] common =
            ["train", "--model", model, "--tokenizer", tokenizer, "--prompts", prompts, "--quiet"];
        Assert.Equal(0, CliRunner.Run(root, [.. common, "--judge", "rule:longer", "--out", run,
            "--set", "trainer.max_steps=2", "--set", "online.prompts_per_step=4",
            "--set", "online.max_new_tokens=6"]));

        var errors = new StringWriter();
        Assert.Equal(CliRunner.Failure,
            CliRunner.Run(root, [.. common, "--resume", run, "--judge", "rule:shorter"], errors));
        Assert.Equal($"oaif: train: {Path.Combine(run, "judge.json")} says judge = 'rule:longer', --judge " +
                     "gives 'rule:shorter'; resume with the judge the run started with",
            errors.ToString().TrimEnd());

        errors = new StringWriter();
        Assert.Equal(CliRunner.Failure, CliRunner.Run(root,
            [.. common, "--resume", run, "--judge", "rule:longer", "--set", "trainer.max_steps=6"], errors));
        Assert.Equal("oaif: train: --set cannot be combined with --resume (the run keeps its own directory " +
                     "and config.json)", errors.ToString().TrimEnd());

        // the same judge resumes, given or not (nothing left to do: the run already reached its last step)
        Assert.Equal(0, CliRunner.Run(root, [.. common, "--resume", run, "--judge", "rule:longer"]));
        Assert.Equal(0, CliRunner.Run(root, [.. common, "--resume", run]));
        using var judge = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "judge.json")));
        Assert.Equal("rule:longer", judge.RootElement.GetProperty("judge").GetString());
    }

    [Fact]
    public async Task AResumedRunKeepsCountingFailedSteps()
    {
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("Neither"));
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 4, seed: 8);
        var runDir = Path.Combine(dir, "run");
        var root = new RootCommand { TrainCommand.Create() };
        string[] common =
            ["train", "--model", model, "--tokenizer", tokenizer, "--prompts", prompts, "--quiet"];

        // 6 steps, patience 3: the run stops after step 3 and saves checkpoint-3
        var errors = new StringWriter();
        Assert.Equal(CliRunner.Failure, CliRunner.Run(root, [.. common, "--judge", "openai",
            "--judge-endpoint", server.Endpoint.ToString(), "--judge-model", "fake", "--out", runDir,
            "--set", "trainer.max_steps=6", "--set", "online.prompts_per_step=4",
            "--set", "online.max_new_tokens=4"], errors));
        Assert.StartsWith("oaif: step 3: ", errors.ToString());

        // resumed with the same dead judge: the count goes on, so it stops after one more step
        errors = new StringWriter();
        Assert.Equal(CliRunner.Failure, CliRunner.Run(root, [.. common, "--resume", runDir], errors));
        Assert.StartsWith("oaif: step 4: more than 50% of verdicts were Invalid for 4 steps in a row",
            errors.ToString());
    }

    [Fact]
    public async Task AShortRunWhoseJudgeNeverGivesAVerdictFails()
    {
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("Neither"));
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 4, seed: 8);
        var runDir = Path.Combine(dir, "run");
        var root = new RootCommand { TrainCommand.Create() };

        // One step, shorter than the patience of 3 failing steps: it must still end in an error.
        var errors = new StringWriter();
        int exit = CliRunner.Run(root, ["train", "--model", model, "--tokenizer", tokenizer,
            "--prompts", prompts, "--judge", "openai", "--judge-endpoint", server.Endpoint.ToString(),
            "--judge-model", "fake", "--out", runDir, "--quiet", "--set", "trainer.max_steps=1",
            "--set", "online.prompts_per_step=4", "--set", "online.max_new_tokens=4"], errors);

        Assert.Equal(CliRunner.Failure, exit);
        // The one error line says what went wrong: every one of the 4 comparisons got a non-label answer.
        string message = Assert.Single(errors.ToString().TrimEnd().Split('\n'));
        Assert.Matches("verdicts were Invalid for 1 step in a row .* the most common in the last step: " +
                       "both orders: answer is not a label; answer is not a label \\(4 of 4\\)$", message);
        Assert.True(Directory.Exists(Path.Combine(runDir, "checkpoint-1")));
        // the stopped run's checkpoint loads on its own too
        Assert.True(File.Exists(Path.Combine(runDir, "checkpoint-1", "model", "tokenizer.json")));
    }

    [Fact]
    public async Task OnlineRunWithTheOpenAIJudgeNeverWritesTheApiKey()
    {
        string key = "sk-oaif-secret-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(KeyVariable, key);
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("A"));
        var dir = TestPaths.NewTempDir();
        var (model, tokenizer) = TinyModelOnDisk(dir);
        var prompts = PromptsFile(dir, 8, seed: 5);
        var runDir = Path.Combine(dir, "run");

        var captured = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(captured);
        Console.SetError(captured);
        int exit;
        try
        {
            var root = new RootCommand { TrainCommand.Create() };
            exit = CliRunner.Run(root, ["train", "--model", model, "--tokenizer", tokenizer,
                "--prompts", prompts,
                "--judge", "openai", "--judge-endpoint", server.Endpoint.ToString(), "--judge-model", "fake",
                "--judge-api-key-env", KeyVariable, "--out", runDir, "--quiet",
                "--set", "trainer.max_steps=2", "--set", "online.prompts_per_step=4",
                "--set", "online.max_new_tokens=4", "--set", "trainer.learning_rate=1e-3"]);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Environment.SetEnvironmentVariable(KeyVariable, null);
        }

        var output = captured.ToString();
        Assert.True(exit == 0, output);
        Assert.Contains(server.Requests, r => r.Authorization == $"Bearer {key}");   // the key was used
        Assert.Equal(2, File.ReadLines(Path.Combine(runDir, MetricsLog.FileName)).Count());
        Assert.DoesNotContain(key, output);
        var files = Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(OnlinePairsFile.FileName));
        Assert.Contains(KeyVariable, File.ReadAllText(Path.Combine(runDir, "judge.json")));
        foreach (var file in files)
            Assert.False(File.ReadAllText(file).Contains(key), $"{file} contains the API key");
    }
}
