using Microsoft.Extensions.Logging;
using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

/// <summary>
/// The API key, named by an environment variable, reaches the server as a Bearer header and nowhere
/// else: not in logs (Trace included), exception messages, options ToString, stats, or pairs.jsonl.
/// </summary>
public sealed class ApiKeySecrecyTests
{
    [Fact]
    public async Task Key_reaches_the_server_and_nothing_else()
    {
        var variable = $"OAIF_TEST_JUDGE_KEY_{Guid.NewGuid():N}";
        var key = $"sk-oaif-test-{Guid.NewGuid():N}-zebra";
        Environment.SetEnvironmentVariable(variable, key);
        var dir = Support.TestPaths.NewTempDir("oaif-judge-key");
        try
        {
            await RunAndCheckAsync(variable, key, dir);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(dir, recursive: true);
        }
    }

    static async Task RunAndCheckAsync(string variable, string key, string dir)
    {
        // A hostile server: echoes the Authorization header as the answer, and fails now and then.
        var calls = 0;
        await using var server = await FakeJudgeServer.StartAsync(r => Interlocked.Increment(ref calls) switch
        {
            1 => FakeJudgeServer.Error(500),
            2 => FakeJudgeServer.Completion($"A {r.Authorization}"),
            _ => FakeJudgeServer.Completion("B"),
        });
        var logs = new CapturingLoggerProvider();
        using var loggerFactory =
            LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var options = new JudgeOptions
        {
            Endpoint = new JudgeEndpointOptions
            {
                Endpoint = server.Endpoint, Model = "fake-judge", ApiKeyEnvironmentVariable = variable,
                MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(10),
            },
            BothOrders = false,
        };
        using var session = JudgeFactory.CreateOpenAICompatible(options, loggerFactory);
        var pairsPath = Path.Combine(dir, "pairs.jsonl");
        var texts = new List<string> { options.ToString(), options.Endpoint.ToString(), session.ToString() };

        // Judge three pairs (a 500, an echo of the key, a clean answer) and write them all.
        await using (var writer = new AnnotatedPairWriter(pairsPath))
        {
            for (var i = 0; i < 3; i++)
            {
                var request = new JudgeRequest($"prompt {i}", "one", "two");
                var judgement = await session.Annotator.JudgeAsync(request);
                texts.Add(judgement.ToString());
                var pair = AnnotatedPair.From(request, judgement, session.Annotator.Id, step: i);
                await writer.WriteAsync(pair);
            }
        }
        texts.Add(session.Stats.ToString());
        texts.Add(await File.ReadAllTextAsync(pairsPath));
        texts.AddRange(logs.Lines);
        texts.Add(await RejectedKeyMessageAsync(variable));

        Assert.All(server.Requests, r => Assert.Equal($"Bearer {key}", r.Authorization));
        Assert.Contains(logs.Lines, l => l.Contains("http 500"));   // the capture really saw the judge's logs
        Assert.Contains(logs.Lines, l => l.Contains("Bearer ***"));  // ...including the redacted echo
        Assert.All(texts, t => Assert.DoesNotContain(key, t));
        Assert.All(texts, t => Assert.DoesNotContain(key[..20], t));
        Assert.Equal(3, File.ReadAllLines(pairsPath).Length);
    }

    // A server that rejects the key: the judge throws a clear error, which must not quote the key.
    static async Task<string> RejectedKeyMessageAsync(string variable)
    {
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Error(401));
        var options = new JudgeOptions
        {
            Endpoint = new()
            {
                Endpoint = server.Endpoint, Model = "m", ApiKeyEnvironmentVariable = variable,
            },
        };
        using var session = JudgeFactory.CreateOpenAICompatible(options);
        var error = await Assert.ThrowsAsync<OaifException>(
            () => session.Annotator.JudgeAsync(new JudgeRequest("p", "a", "b")));
        Assert.Contains("--judge-api-key-env", error.Message);
        return error.ToString();
    }

    [Fact]
    public void An_unset_key_variable_is_a_clear_error()
    {
        var options = new JudgeOptions
        {
            Endpoint = new()
            {
                Endpoint = new Uri("http://127.0.0.1:9/v1"), Model = "m",
                ApiKeyEnvironmentVariable = $"OAIF_TEST_UNSET_{Guid.NewGuid():N}",
            },
        };
        var error = Assert.Throws<OaifException>(() => JudgeFactory.CreateOpenAICompatible(options));
        Assert.Contains("is not set", error.Message);
    }
}
