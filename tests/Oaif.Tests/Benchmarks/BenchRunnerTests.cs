using System.Text.Json;
using Oaif.Benchmarks;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tests.Training;
using Oaif.Training;

namespace Oaif.Tests.Benchmarks;

/// <summary>
/// The bench's --quick code path in a tiny configuration: both artifacts exist and parse, every section
/// is present. Timing goals live in bench.md, never here.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public class BenchRunnerTests
{
    static readonly BenchOptions Tiny = BenchOptions.Quick with
    {
        Warmups = 0, Repeats = 1, MatmulSizes = [32], UpdatePresets = ["nano"], UpdateSequences = [16],
        UpdatePairs = 1, VocabSize = 64, SamplingPreset = "nano", SamplingBatches = [1, 2],
        SamplingNewTokens = 3,
        JudgePreset = "nano", JudgeConcurrencies = [1, 2], JudgeRequests = 2, OnlinePreset = "nano",
        OnlineSteps = 4, PromptsPerStep = 2, PromptBytes = 6, MaxNewTokens = 3,
    };

    [Fact]
    public async Task QuickPathWritesJsonAndMarkdownThatParse()
    {
        var dir = TestPaths.NewTempDir("bench");
        var report = await BenchRunner.RunAsync(Tiny, dir, "test");

        var parsed = BenchReport.FromJson(File.ReadAllText(Path.Combine(dir, BenchRunner.JsonFile)));
        using var raw = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, BenchRunner.JsonFile)));
        Assert.True(raw.RootElement.TryGetProperty("roof_gflops", out _));
        Assert.Equal(Environment.ProcessorCount, parsed.Machine.Cores);
        Assert.Equal(3, parsed.Machine.LoadAverageStart.Length);
        Assert.Single(parsed.Roof);
        Assert.Equal(32, parsed.Roof[0].Size);
        var update = Assert.Single(parsed.Updates);
        Assert.Equal(2 * 16, update.Tokens);                     // 2 rows per pair × 16 tokens
        Assert.Equal([1, 2], parsed.Sampling.Select(s => s.Batch));
        Assert.Equal([1, 2], parsed.Annotation.Select(a => a.Concurrency));
        Assert.All(parsed.Annotation, a => Assert.Equal(2, a.Verdicts));
        Assert.NotNull(parsed.Pipeline);
        Assert.Equal(1, parsed.Pipeline!.TimedSteps);
        Assert.NotNull(parsed.OnlineStep);
        Assert.True(parsed.OnlineStep!.PeakResidentMiB > 0);
        Assert.True(parsed.Reference!.Ok);
        Assert.Equal(report.Targets.Select(t => t.Name), parsed.Targets.Select(t => t.Name));
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));

        var md = File.ReadAllText(Path.Combine(dir, BenchRunner.MarkdownFile));
        Assert.Contains("## Targets", md);
        Assert.Contains("Hidden fraction", md);
        Assert.All(report.Targets, t => Assert.Contains(t.Goal, md));
    }

    [Fact]
    public void FlopCountMatchesTheDocumentedFormulaByHand()
    {
        // nano: C=32, L=2; 8·N·T + 16·L·C·S·T with N = 1000, S = 10, T = 20
        var c = ModelPresets.Create("nano", 64, 16);
        double expected = 8.0 * 1000 * 20 + 16.0 * 2 * 32 * 10 * 20;
        Assert.Equal(expected, UpdateBench.Flops(c, 1000, 10, 20));
    }

    [Fact]
    public void ReferenceCheckFindsSharedStorageAndExtraOptimizerState()
    {
        using var policy = OnlineToy.Model(seed: 1);
        var config = OnlineToy.Config(1);
        using var copy = ReferenceModel.CopyOf(policy);
        using var optimizer = new ParameterUpdater(policy, config, 1);
        Assert.True(ReferenceChecker.Check(policy, copy, optimizer).Ok);

        // the policy wrapped as its own "reference": every storage shared (and now frozen)
        using var same = OnlineToy.Model(seed: 1);
        using var sameOptimizer = new ParameterUpdater(same, config, 1);
        using var wrapped = ReferenceModel.Wrap(same, owned: false);
        var shared = ReferenceChecker.Check(same, wrapped, sameOptimizer);
        Assert.False(shared.Ok);
        Assert.Equal(same.parameters().Count(), shared.SharedStorages);
    }
}
