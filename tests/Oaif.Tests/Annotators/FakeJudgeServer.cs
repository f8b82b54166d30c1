using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Oaif.Tests.Annotators;

/// <summary>What the fake server saw in one chat completions request.</summary>
public sealed record FakeRequest(string? Authorization, JsonNode Body)
{
    /// <summary>The user message the judge sent.</summary>
    public string UserText => Body["messages"]!.AsArray()
        .First(m => (string?)m!["role"] == "user")!["content"]!.ToString();

    /// <summary>True when <paramref name="text"/> is shown as Response A (the first slot).</summary>
    public bool ShowsFirst(string text) =>
        UserText.Contains($"Response A:\n{text}", StringComparison.Ordinal);
}

/// <summary>A scripted reply: status, raw body, optional Retry-After and a delay before answering.</summary>
public sealed record FakeReply(
    int Status, string Body, int? RetryAfterSeconds = null, TimeSpan Delay = default);

/// <summary>
/// An OpenAI-compatible /v1/chat/completions on 127.0.0.1 (a free port) whose every answer comes from
/// a script, so tests know exactly what the server said.
/// </summary>
public sealed class FakeJudgeServer : IAsyncDisposable
{
    readonly WebApplication _app;

    FakeJudgeServer(WebApplication app) => _app = app;

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>Base URL to give the judge, ending in /v1.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeJudgeServer> StartAsync(Func<FakeRequest, FakeReply> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeJudgeServer(app);
        app.MapPost("/v1/chat/completions", (HttpContext context) => server.Handle(context, script));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = addresses.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    async Task Handle(HttpContext context, Func<FakeRequest, FakeReply> script)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
        var request = new FakeRequest(context.Request.Headers.Authorization.ToString(), body);
        Requests.Enqueue(request);
        var reply = script(request);
        if (reply.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(reply.Delay, context.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body);
    }

    /// <summary>
    /// A 200 chat completion with <paramref name="content"/> and, when given, per-token log-probs.
    /// </summary>
    public static FakeReply Completion(string content, IEnumerable<FakeToken>? logprobs = null,
        int promptTokens = 100, int completionTokens = 1)
    {
        var choice = new JsonObject
        {
            ["index"] = 0,
            ["finish_reason"] = "stop",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["logprobs"] = logprobs is null ? null : new JsonObject
            {
                ["content"] = new JsonArray(logprobs.Select(t => (JsonNode)t.ToJson()).ToArray()),
            },
        };
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = "fake-judge",
            ["choices"] = new JsonArray(choice),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        };
        return new FakeReply(200, completion.ToJsonString());
    }

    /// <summary>An error body in OpenAI's shape.</summary>
    public static FakeReply Error(int status, int? retryAfterSeconds = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message = $"fake {status}", type = "x" } }),
            retryAfterSeconds);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// One generated token with its log-probability and top alternatives, as the server lists them.
/// </summary>
public sealed record FakeToken(string Token, double LogProb, params (string Token, double LogProb)[] Top)
{
    public JsonObject ToJson() => new()
    {
        ["token"] = Token,
        ["logprob"] = LogProb,
        ["bytes"] = null,
        ["top_logprobs"] = new JsonArray(Top.Select(t => (JsonNode)new JsonObject
        {
            ["token"] = t.Token, ["logprob"] = t.LogProb, ["bytes"] = null,
        }).ToArray()),
    };
}
