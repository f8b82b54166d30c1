using System.Collections.Concurrent;
using System.Diagnostics;
using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

/// <summary>
/// A fault-injecting server: the batch keeps going within its budget, every failure kind is counted,
/// and no verdict appears that the server did not give.
/// </summary>
public sealed class JudgeFaultTests
{
    const int MaxRetries = 2;

    // Long enough that a busy 2-core test machine answers in time; the timeout case costs 3 × this.
    static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    static JudgeOptions Options(Uri endpoint, long? maxRequests = null) => new()
    {
        Endpoint = new JudgeEndpointOptions
        {
            Endpoint = endpoint, Model = "fake-judge", MaxRetries = MaxRetries,
            RequestTimeout = AttemptTimeout,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        },
        BothOrders = false,
        MaxConcurrency = 4,
        MaxRequests = maxRequests,
    };

    /// <summary>Answers by the prompt's fault kind and remembers the label it gave per prompt.</summary>
    sealed class FaultScript
    {
        readonly ConcurrentDictionary<string, int> _attempts = new();
        public ConcurrentDictionary<string, string> LabelsGiven { get; } = new();
        public int Sent429, Sent5xx;

        public FakeReply Reply(FakeRequest request)
        {
            var prompt = request.UserText.Split('\n')[1];   // the line after "Conversation so far:"
            var attempt = _attempts.AddOrUpdate(prompt, 1, (_, n) => n + 1);
            var kind = prompt.Split(':')[0];
            switch (kind)
            {
                case "429-once" when attempt == 1:
                    Interlocked.Increment(ref Sent429);
                    return FakeJudgeServer.Error(429, 0);
                case "503-once" when attempt == 1:
                    Interlocked.Increment(ref Sent5xx);
                    return FakeJudgeServer.Error(503);
                case "500-always": Interlocked.Increment(ref Sent5xx); return FakeJudgeServer.Error(500);
                case "timeout-always": return new FakeReply(200, "{}", Delay: TimeSpan.FromSeconds(10));
                case "malformed": return new FakeReply(200, "{\"choices\": [ {\"message\": ");
                case "neither": return FakeJudgeServer.Completion("Neither is better.");
            }
            var label = kind is "ok-B" or "503-once" ? "B" : "A";
            LabelsGiven[prompt] = label;
            return FakeJudgeServer.Completion(label);
        }
    }

    [Fact]
    public async Task Batch_survives_faults_counts_each_kind_and_invents_no_verdicts()
    {
        var script = new FaultScript();
        await using var server = await FakeJudgeServer.StartAsync(script.Reply);
        string[] kinds = ["ok-A", "ok-B", "429-once", "500-always", "503-once", "timeout-always",
            "malformed", "neither", "ok-A", "ok-B", "ok-A"];
        var requests = kinds
            .Select((k, i) => new JudgeRequest($"{k}:{i}", $"first {i}", $"second {i}")).ToList();
        await WarmUpAsync(server.Endpoint);
        var warmUpRequests = server.Requests.Count;
        using var session = JudgeFactory.CreateOpenAICompatible(Options(server.Endpoint, maxRequests: 10));

        var clock = Stopwatch.StartNew();
        var judgements = await Task.WhenAll(requests.Select(r => session.Annotator.JudgeAsync(r)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"batch took {clock.Elapsed}");

        // Every valid verdict is exactly the label the server gave for that prompt; every other is Invalid.
        for (var i = 0; i < requests.Count; i++)
        {
            var given = script.LabelsGiven.GetValueOrDefault(requests[i].Prompt);
            var expected = given switch { "A" => Verdict.First, "B" => Verdict.Second, _ => Verdict.Invalid };
            Assert.Equal(expected, judgements[i].Verdict);
        }
        // The server's own error body comes with the status, so the cause is visible in pairs.jsonl.
        Assert.Equal("http 500: {\"error\":{\"message\":\"fake 500\",\"type\":\"x\"}}",
            judgements[3].InvalidReason);
        Assert.Equal("timed out", judgements[5].InvalidReason);
        Assert.Equal("response is not a readable chat completion", judgements[6].InvalidReason);
        Assert.Equal("answer is not a label", judgements[7].InvalidReason);
        Assert.Equal(BudgetAnnotator.ExhaustedReason, judgements[10].InvalidReason);

        var stats = session.Stats;
        Assert.Equal(10, stats.Requests);
        Assert.Equal(script.Sent429, stats.Http429);
        Assert.Equal(1, stats.Http429);
        Assert.Equal(script.Sent5xx, stats.Http5xx);
        Assert.Equal(1 + (MaxRetries + 1), stats.Http5xx);
        Assert.Equal(MaxRetries + 1, stats.Timeouts);
        Assert.Equal(1 + MaxRetries + 1 + MaxRetries, stats.Retries);   // 429, 500s, 503, timeouts
        Assert.Equal(1, stats.MalformedResponses);
        Assert.Equal(1, stats.UnparseableAnswers);
        Assert.Equal(1, stats.BudgetExhausted);
        Assert.Equal(11, stats.Judgements);
        Assert.Equal(5, stats.InvalidVerdicts);
        Assert.True(session.BudgetExhausted);
        // Every call and every retry reached the server.
        Assert.Equal(10 + 6, server.Requests.Count - warmUpRequests);
    }

    // The first request in a process pays for JIT and connection setup; keep that out of the timeouts.
    static async Task WarmUpAsync(Uri endpoint)
    {
        using var warm = JudgeFactory.CreateOpenAICompatible(Options(endpoint) with
        {
            Endpoint = Options(endpoint).Endpoint with { RequestTimeout = TimeSpan.FromSeconds(30) },
        });
        await warm.Annotator.JudgeAsync(new JudgeRequest("ok-A:warm", "x", "y"));
    }

    [Fact]
    public async Task Retry_after_from_a_429_is_honoured()
    {
        var calls = 0;
        await using var server = await FakeJudgeServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? FakeJudgeServer.Error(429, retryAfterSeconds: 1) : FakeJudgeServer.Completion("B"));
        var options = Options(server.Endpoint);
        options = options with
        {
            Endpoint = options.Endpoint with
            {
                MaxRetryDelay = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromSeconds(30),
            },
        };
        using var session = JudgeFactory.CreateOpenAICompatible(options);

        var clock = Stopwatch.StartNew();
        var judgement = await session.Annotator.JudgeAsync(new JudgeRequest("p", "x", "y"));

        // The backoff alone would wait about a millisecond; the server asked for one second.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}");
        Assert.Equal(Verdict.Second, judgement.Verdict);
        Assert.Equal(1, session.Stats.Retries);
        Assert.Equal(1, session.Stats.Http429);
    }

    [Fact]
    public async Task A_refused_connection_is_invalid_after_retries()
    {
        // Start and stop a server so its port is known to be closed.
        Uri endpoint;
        await using (var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("A")))
            endpoint = server.Endpoint;
        using var session = JudgeFactory.CreateOpenAICompatible(Options(endpoint));

        var judgement = await session.Annotator.JudgeAsync(new JudgeRequest("p", "x", "y"));

        Assert.Equal(Verdict.Invalid, judgement.Verdict);
        Assert.Equal("connection failed", judgement.InvalidReason);
        Assert.Equal(MaxRetries, session.Stats.Retries);
    }
}
