using System.Diagnostics;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

/// <summary>
/// The offline must-show: an `oaif sft` child process killed with SIGKILL after its first checkpoint,
/// then resumed with --resume, ends with the same weights as an uninterrupted run and logs each step once.
/// </summary>
public class SftKillResumeTests
{
    const int Steps = 200;

    [Fact]
    public void SigkilledSftRunResumesToTheUninterruptedResult()
    {
        var dir = TestPaths.NewTempDir();
        var data = SftCommandTests.CountingData(dir);
        var texts = File.ReadLines(data);
        var tokenizer = Path.Combine(dir, "tok", "tokenizer.json");
        BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 280 }).Save(tokenizer);
        string[] Args(string run) => ["sft", "--data", data, "--preset", "nano", "--tokenizer", tokenizer,
            "--out", run, "--quiet", "--set", $"trainer.max_steps={Steps}", "--set", "trainer.batch_size=8",
            "--set", "trainer.save_every=10", "--set", "trainer.eval_every=0", "--set",
                "trainer.log_every=1"];

        // interrupted: SIGKILL once the first checkpoint is on disk
        var killedRun = Path.Combine(dir, "killed");
        using (var child = Start(Args(killedRun)))
        {
            var clock = Stopwatch.StartNew();
            while (CheckpointStore.Latest(killedRun) is null
                && !child.HasExited && clock.Elapsed.TotalSeconds < 30)
                Thread.Sleep(10);
            // (no stderr read here: it would block until the child ends)
            Assert.False(child.HasExited, "the run finished before it could be killed");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        int savedStep = CheckpointStore.ReadState(CheckpointStore.Latest(killedRun)!).Step;
        Assert.InRange(savedStep, 10, Steps - 10);
        Assert.False(Directory.Exists(Path.Combine(killedRun, "model")));

        // resume, and an uninterrupted run with the same seed
        RunToEnd(["sft", "--resume", killedRun, "--quiet"]);
        var straightRun = Path.Combine(dir, "straight");
        RunToEnd(Args(straightRun));

        using var resumed = ModelLoader.Load(Path.Combine(killedRun, "model"));
        using var straight = ModelLoader.Load(Path.Combine(straightRun, "model"));
        double diff = MaxDifference(resumed, straight);
        Assert.True(diff <= 1e-6, $"max |Δθ| = {diff} (killed after checkpoint {savedStep})");
        var steps = OfflineDapTrainerTests.Metrics(killedRun).Where(m => m.TryGetProperty("loss", out _))
            .Select(m => m.GetProperty("step").GetInt32());
        Assert.Equal(Enumerable.Range(1, Steps), steps);
    }

    internal static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // The CLI project is referenced by the test project, so its dll sits beside the tests.
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Oaif.Cli.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        // One intra-op thread: fast on a shared machine, and the same arithmetic in every child.
        info.Environment["OMP_NUM_THREADS"] = "1";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    internal static void RunToEnd(string[] args)
    {
        using var child = Start(args);
        string errors = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000), "child timed out");
        Assert.True(child.ExitCode == 0, $"oaif {string.Join(' ', args)} failed: {errors}");
    }

    internal static double MaxDifference(LlamaForCausalLM a, LlamaForCausalLM b)
    {
        using var scope = NewDisposeScope();
        return a.parameters().Zip(b.parameters())
            .Max(p => (p.First - p.Second).abs().max().item<float>());
    }
}
