using Oaif.Annotators;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Tokenization;

namespace Oaif.Benchmarks;

/// <summary>
/// The LLM judge (JudgeFactory.CreateOpenAICompatible) against an in-process <c>oaif serve</c> on
/// 127.0.0.1, port chosen by the OS, serving a small random model over a byte vocabulary. The model is
/// untrained, so most verdicts are Invalid; they cost the same round trip and count as verdicts here.
/// One order per comparison (no both-orders doubling), one output token.
/// </summary>
internal static class AnnotationBench
{
    public static async Task<List<AnnotationResult>> MeasureAsync(BenchOptions options, CancellationToken ct)
    {
        var tokenizer = new ByteTokenizer();
        var shape = ModelPresets.Create(options.JudgePreset, tokenizer.VocabSize, 4096) with
        {
            BosTokenId = tokenizer.BosId, EosTokenId = tokenizer.EosId, PadTokenId = tokenizer.PadId,
        };
        using var model = ModelPresets.CreateModel(shape, seed: 5);
        var backend = new LocalModelChatBackend("bench", model, tokenizer,
            new ChatFormatter(ChatFamily.Plain));
        await using var server = await OpenAiCompatibleServer.StartAsync(backend,
            new ServerOptions(Port: 0), cancellationToken: ct);
        var results = new List<AnnotationResult>();
        foreach (int concurrency in options.JudgeConcurrencies)
            results.Add(await MeasureAtAsync(server.BaseAddress, concurrency, options, ct));
        return results;
    }

    static async Task<AnnotationResult> MeasureAtAsync(Uri endpoint, int concurrency, BenchOptions options,
        CancellationToken ct)
    {
        var load = MachineState.LoadAverage();
        using var session = JudgeFactory.CreateOpenAICompatible(new JudgeOptions
        {
            Endpoint = new JudgeEndpointOptions { Endpoint = endpoint, Model = "bench", MaxRetries = 0 },
            Judge = new LlmJudgeOptions { MaxOutputTokens = 1 },
            BothOrders = false,
            MaxConcurrency = concurrency,
        });
        int n = options.JudgeRequests, invalid = 0, runs = 0;
        var timing = await BenchClock.TimeAsync(async () =>
        {
            var verdicts = await Task.WhenAll(Enumerable.Range(0, n).Select(i => session.Annotator.JudgeAsync(
                new JudgeRequest($"Question {i}: where did the cat sit?", "On the mat, by the door.",
                    "It ran away."), ct)));
            invalid += verdicts.Count(v => v.Verdict == Verdict.Invalid);
            runs++;
        }, options.Warmups, options.Repeats);
        double latencyMs = session.Stats.LatencySum.TotalMilliseconds / Math.Max(1, session.Stats.Requests);
        return new AnnotationResult(concurrency, n, timing, n / timing.Median, latencyMs,
            invalid / (double)(n * runs), load);
    }
}
