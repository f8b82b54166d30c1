using System.Diagnostics;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Oaif.Training;
using static Oaif.Tests.Training.SftKillResumeTests;

namespace Oaif.Tests.Training;

/// <summary>
/// `oaif train --mode offline` killed with SIGKILL after its first checkpoint, then resumed with --resume,
/// ends with the same weights as an uninterrupted run and logs each step once.
/// </summary>
public class OfflineKillResumeTests
{
    const int Steps = 300;

    [Fact]
    public void SigkilledOfflineRunResumesToTheUninterruptedResult()
    {
        var dir = TestPaths.NewTempDir();
        var prompts = OnlineToy.Prompts(64, seed: 12);
        var tokenizerPath = Path.Combine(dir, "tokenizer.json");
        var tokenizer = BpeTrainer.Train(prompts.Select(p => p + " yes no"),
            new BpeTrainerOptions { VocabSize = 270 }).Save(tokenizerPath);
        var modelDir = Path.Combine(dir, "model");
        using (var model = new LlamaForCausalLM(OnlineToy.Config() with
               {
                   VocabSize = tokenizer.VocabSize, BosTokenId = tokenizer.BosId,
                   EosTokenId = tokenizer.EosId, PadTokenId = tokenizer.PadId, HiddenSize = 64,
                   IntermediateSize = 128,
               }))
            model.Save(modelDir);
        var data = Path.Combine(dir, "pairs.jsonl");
        File.WriteAllLines(data, prompts.Select(p =>
            $"{{\"prompt\": \"{p}\", \"chosen\": \" yes\", \"rejected\": \" no no\"}}"));
        string[] Args(string run) => ["train", "--mode", "offline", "--model", modelDir, "--tokenizer",
            tokenizerPath, "--data", data, "--out", run, "--quiet", "--set", $"trainer.max_steps={Steps}",
            "--set", "trainer.batch_size=8", "--set", "trainer.save_every=10", "--set", "trainer.log_every=1",
            "--set", "trainer.warmup_steps=5", "--set", "trainer.learning_rate=1e-3"];

        var killedRun = Path.Combine(dir, "killed");
        using (var child = Start(Args(killedRun)))
        {
            var clock = Stopwatch.StartNew();
            while (CheckpointStore.Latest(killedRun) is null
                   && !child.HasExited && clock.Elapsed.TotalSeconds < 30)
                Thread.Sleep(5);
            Assert.False(child.HasExited, "the run finished before it could be killed");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        int savedStep = CheckpointStore.ReadState(CheckpointStore.Latest(killedRun)!).Step;
        Assert.InRange(savedStep, 10, Steps - 10);

        RunToEnd(["train", "--mode", "offline", "--resume", killedRun, "--model", modelDir, "--tokenizer",
            tokenizerPath, "--data", data, "--quiet"]);
        var straightRun = Path.Combine(dir, "straight");
        RunToEnd(Args(straightRun));

        string Final(string run) => Path.Combine(run, $"checkpoint-{Steps}", "model");
        using var resumed = ModelLoader.Load(Final(killedRun));
        using var straight = ModelLoader.Load(Final(straightRun));
        double diff = MaxDifference(resumed, straight);
        Assert.True(diff <= 1e-6, $"max |Δθ| = {diff} (killed after checkpoint {savedStep})");
        var steps = OfflineDapTrainerTests.Metrics(killedRun).Where(m => m.TryGetProperty("loss", out _))
            .Select(m => m.GetProperty("step").GetInt32());
        Assert.Equal(Enumerable.Range(1, Steps), steps);
    }
}
