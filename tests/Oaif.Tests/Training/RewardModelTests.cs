using System.Text.Json;
using Oaif.Annotators;
using Oaif.Data;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

public class RewardModelTests
{
    [Fact]
    public async Task BradleyTerryLossEqualsHandComputedValues()
    {
        using var chosen = tensor(new[] { 1f, 0f, -2f });
        using var rejected = tensor(new[] { 0f, 0f, 1f });
        using var loss = RewardModelLoss.PerPair(chosen, rejected);
        // −log σ(m) = log(1 + e^−m) for margins 1, 0, −3
        double[] expected = [0.3132616875, 0.6931471806, 3.0485873516];
        var actual = loss.data<float>().ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    /// <summary>Pairs whose chosen response carries the word "please"; the rejected one never does.</summary>
    static string MarkerPreferences(string dir)
    {
        var rng = new Random(3);
        string[] words = ["red", "blue", "green", "cat", "dog", "sun", "moon", "tree", "rock", "fish"];
        string Words(int n) => string.Join(" ", Enumerable.Range(0, n).Select(_
            => words[rng.Next(words.Length)]));
        var lines = Enumerable.Range(0, 200).Select(i =>
        {
            string marked = Words(rng.Next(1, 4)) + " please " + Words(rng.Next(0, 3));
            return JsonSerializer.Serialize(new { prompt = $"say {Words(2)}:", chosen = " " + marked,
                rejected = " " + Words(rng.Next(2, 6)) });
        });
        var path = Path.Combine(dir, "prefs.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task TinyRewardModelLearnsTheMarkerAndItsJudgePrefersIt()
    {
        var dir = TestPaths.NewTempDir();
        var data = MarkerPreferences(dir);
        var tokenizerPath = Path.Combine(dir, "tok", "tokenizer.json");
        BpeTrainer.Train(File.ReadLines(data), new BpeTrainerOptions { VocabSize = 300 }).Save(tokenizerPath);
        var runDir = Path.Combine(dir, "rm");

        var (exit, output) = SftCommandTests.Run("train-rm", "--data", data, "--preset", "nano",
            "--tokenizer", tokenizerPath, "--out", runDir, "--eval-fraction", "0.2",
            "--set", "trainer.learning_rate=3e-3", "--set", "trainer.epochs=3", "--set",
                "trainer.warmup_steps=5");

        Assert.True(exit == 0, output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "rm_eval.json")));
        double accuracy = summary.RootElement.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.9, $"held-out accuracy {accuracy}\n{output}");
        Assert.True(summary.RootElement.GetProperty("pairs").GetInt32() >= 20);

        using var rm = RewardModel.Load(Path.Combine(runDir, "model"));
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(runDir, "model", "tokenizer.json"));
        var judge = new RewardModelJudge(rm, new ExampleEncoder(tokenizer, new TruncationPolicy()), "marker");
        var request = new JudgeRequest("say cat dog:", " blue fish tree", " blue please fish");
        var judgement = await judge.JudgeAsync(request);
        Assert.Equal("rm:marker", judge.Id);
        Assert.Equal(Verdict.Second, judgement.Verdict);
        var (first, second) = judge.Rewards(request);
        Assert.Equal(1 / (1 + Math.Exp(first - second)), 1 - judgement.ProbabilityFirst!.Value, 9);
        Assert.Equal(Verdict.First, (await judge.JudgeAsync(request.Swapped())).Verdict);
    }

    [Fact]
    public void SaveLoadRoundTripGivesEqualRewardsAndAnHfSequenceClassificationDirectory()
    {
        var config = ModelPresets.Create("nano", 50, 64) with { EosTokenId = 1, PadTokenId = 2 };
        using var lm = ModelPresets.CreateModel(config, seed: 4);
        using var rm = RewardModel.FromCausalLM(lm, seed: 5);
        var dir = Path.Combine(TestPaths.NewTempDir(), "rm");
        rm.Save(dir);
        using var loaded = RewardModel.Load(dir);

        (long[], long[])[] rows = [([0, 5, 6], [7, 8, 1]), ([0, 9], [10, 1])];
        using var noGrad = no_grad();
        using var a = RewardModelScores.Compute(rm, rows);
        using var b = RewardModelScores.Compute(loaded, rows);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json"))).RootElement;
        Assert.Equal("LlamaForSequenceClassification", json.GetProperty("architectures")[0].GetString());
        Assert.Equal(1, json.GetProperty("num_labels").GetInt32());
        var names = rm.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("score.weight", names);
        Assert.All(names.Where(n => n != "score.weight"), n => Assert.StartsWith("model.", n));
    }

    [Fact]
    public void RewardReadsTheLastRealTokenWhicheverSidePadsAndTheBackboneIsTheLms()
    {
        var config = ModelPresets.Create("nano", 50, 64);
        using var lm = ModelPresets.CreateModel(config, seed: 4);
        using var rm = RewardModel.FromCausalLM(lm, seed: 5);
        using var noGrad = no_grad();
        (long[], long[])[] rows = [([3, 5, 6], [7, 8, 9]), ([3], [10])];
        using var left = RewardModelScores.Compute(rm, rows, PaddingSide.Left);
        using var right = RewardModelScores.Compute(rm, rows, PaddingSide.Right);
        using var alone = RewardModelScores.Compute(rm, [rows[1]]);
        Assert.Equal(left.data<float>()[1], alone.data<float>()[0], 4);
        Assert.Equal(right.data<float>()[1], alone.data<float>()[0], 4);

        // reward = score · (hidden state at the last token), with the LM's own decoder stack
        using var ids = tensor(new long[] { 3, 10 }, [1, 2]);
        using var hidden = lm.model.Forward(ids, null, null);                       // [1, 2, C]
        using var expected = hidden.select(1, 1).matmul(rm.score.weight!.t());      // [1, 1]
        Assert.Equal(expected.item<float>(), alone.data<float>()[0], 4);
    }

    [Fact]
    public void PresetParameterCountsMatchTheBuiltModels()
    {
        foreach (var name in new[] { "nano", "micro", "mini" })
        {
            var config = ModelPresets.Create(name, 300, 128);
            using var model = new LlamaForCausalLM(config);
            long actual = model.parameters().Sum(p => p.numel());
            Assert.Equal(actual, ModelPresets.ParameterCount(config));
        }
        Assert.Throws<OaifException>(() => ModelPresets.Create("huge", 300, 128));
    }

    [Fact]
    public void WithoutModelOrPresetTheMessageSaysWhichToGiveAndNoRunDirIsLeft()
    {
        var dir = TestPaths.NewTempDir();
        var data = MarkerPreferences(dir);
        var runDir = Path.Combine(dir, "rm");
        var root = new System.CommandLine.RootCommand("test") { Oaif.Cli.Commands.TrainRmCommand.Create() };
        var errors = new StringWriter();
        int exit = Oaif.Cli.CliRunner.Run(root, ["train-rm", "--data", data, "--out", runDir], errors);
        Assert.Equal(Oaif.Cli.CliRunner.Failure, exit);
        Assert.Equal("oaif: train-rm: give --model <dir> (a backbone to start from) or --preset <name> " +
                     "with --tokenizer (from scratch)", errors.ToString().TrimEnd());
        Assert.False(Directory.Exists(runDir));
    }
}
