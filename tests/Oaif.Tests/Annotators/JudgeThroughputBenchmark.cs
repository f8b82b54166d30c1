using System.Diagnostics;
using Oaif.Annotators;
using Xunit.Abstractions;

namespace Oaif.Tests.Annotators;

/// <summary>
/// A benchmark, not a test: verdicts per second against the local fake at several concurrency limits.
/// Runs only with OAIF_BENCH=1, e.g.
/// OAIF_BENCH=1 dotnet test oaif.slnx --filter "FullyQualifiedName~JudgeThroughputBenchmark"
///   --logger "console;verbosity=detailed"
/// </summary>
public sealed class JudgeThroughputBenchmark(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Verdicts_per_second_at_concurrency_1_4_16()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("OAIF_BENCH") == "1",
            "benchmark: set OAIF_BENCH=1 to run");
        await using var server = await FakeJudgeServer.StartAsync(r => FakeJudgeServer.Completion(
            r.ShowsFirst("x") ? "A" : "B", [new("A", -0.3, ("A", -0.3), ("B", -1.4))]));
        const int pairs = 400;
        // The first round (concurrency 4) only warms up JIT and connections and is not printed.
        foreach (var (concurrency, round) in new[] { 4, 1, 4, 16 }.Select((c, i) => (c, i)))
        {
            using var session = JudgeFactory.CreateOpenAICompatible(new JudgeOptions
            {
                Endpoint = new() { Endpoint = server.Endpoint, Model = "fake", MaxRetries = 0 },
                MaxConcurrency = concurrency,
            });
            var clock = Stopwatch.StartNew();
            var verdicts = await Task.WhenAll(Enumerable.Range(0, pairs)
                .Select(i => session.Annotator.JudgeAsync(new JudgeRequest($"p{i}", "x", "y"))));
            var seconds = clock.Elapsed.TotalSeconds;
            Assert.All(verdicts, v => Assert.True(v.IsValid));
            if (round == 0) continue;
            output.WriteLine($"concurrency={concurrency,2} pairs={pairs} requests={session.Stats.Requests} "
                + $"verdicts/s={pairs / seconds:0.0} requests/s={session.Stats.Requests / seconds:0.0}");
        }
    }
}
