using System.Diagnostics;
using Oaif.Annotators;
using Oaif.Serving;
using Oaif.Tokenization;
using Xunit.Abstractions;

namespace Oaif.Tests.Serving;

/// <summary>
/// A benchmark, not a test: the LLM judge against the tiny served model, per-request latency and
/// verdicts per second at judge concurrency 1 and 4 (the server itself decodes one request at a time).
/// OAIF_BENCH=1 dotnet test oaif.slnx --filter "FullyQualifiedName~ServedJudgeBenchmark"
///   --logger "console;verbosity=detailed"
/// </summary>
public sealed class ServedJudgeBenchmark(TinyChatModel tiny, ITestOutputHelper output)
    : IClassFixture<TinyChatModel>
{
    [SkippableFact]
    public async Task Served_judge_latency_and_verdicts_per_second()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("OAIF_BENCH") == "1",
            "benchmark: set OAIF_BENCH=1 to run");
        using var model = tiny.Constant(new Dictionary<int, double> { [tiny.IdOf("A")] = 12,
            [tiny.IdOf("B")] = 11 });
        var backend = new LocalModelChatBackend("tiny", model, tiny.Tokenizer,
            new ChatFormatter(ChatFamily.Plain));
        await using var server = await OpenAiCompatibleServer.StartAsync(backend, new ServerOptions(Port: 0));
        const int pairs = 40;
        // Round 0 warms up JIT and connections and is not printed.
        foreach (var (concurrency, round) in new[] { 4, 1, 4 }.Select((c, i) => (c, i)))
        {
            using var judge = JudgeFactory.CreateOpenAICompatible(new JudgeOptions
            {
                Endpoint = new() { Endpoint = server.BaseAddress, Model = "tiny", MaxRetries = 0 },
                Judge = new LlmJudgeOptions { MaxOutputTokens = 1 },
                MaxConcurrency = concurrency,
            });
            var clock = Stopwatch.StartNew();
            var verdicts = await Task.WhenAll(Enumerable.Range(0,
                pairs).Select(i => judge.Annotator.JudgeAsync(
                new JudgeRequest($"Question {i}: where is the cat?", "The cat sat on the mat.", "It ran."))));
            double seconds = clock.Elapsed.TotalSeconds;
            Assert.All(verdicts, v => Assert.Equal(Verdict.Tie, v.Verdict));
            if (round == 0) continue;
            var requests = judge.Stats.Requests;
            output.WriteLine($"concurrency={concurrency} pairs={pairs} requests={requests} " +
                $"verdicts/s={pairs / seconds:0.0} ms/request(mean latency)=" +
                $"{judge.Stats.LatencySum.TotalMilliseconds / requests:0.0} prompt_tokens/request=" +
                $"{judge.Stats.PromptTokens / requests}");
        }
    }
}
