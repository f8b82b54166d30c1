using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;
using Oaif.Serving;

namespace Oaif.Tests.Serving;

public class OpenAiCompatibleServerTests
{
    static Task<OpenAiCompatibleServer> Start(IChatBackend backend, string? key = null) =>
        OpenAiCompatibleServer.StartAsync(backend,
            new ServerOptions(Port: 0, ApiKey: key, MaxBodyBytes: 4096));

    static async Task<(HttpStatusCode Status, JsonNode? Body)> Post(OpenAiCompatibleServer server,
        string json, string? key = null)
    {
        using var http = new HttpClient();
        var url = new Uri(server.BaseAddress, "chat/completions");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task BindsLoopbackAndListsTheModel()
    {
        await using var server = await Start(new ScriptedBackend("tiny", "A"));
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        using var http = new HttpClient();
        var models = JsonNode.Parse(await http.GetStringAsync(new Uri(server.BaseAddress, "models")))!;
        Assert.Equal("tiny", (string?)models["data"]![0]!["id"]);
    }

    [Fact]
    public async Task APortInUseIsOneClearError()
    {
        await using var first = await Start(new ScriptedBackend("tiny", "A"));
        var error = await Assert.ThrowsAsync<OaifException>(() => OpenAiCompatibleServer.StartAsync(
            new ScriptedBackend("tiny", "A"), new ServerOptions(Port: first.BaseAddress.Port)));
        Assert.StartsWith($"serve: cannot listen on 127.0.0.1:{first.BaseAddress.Port}: ", error.Message);
    }

    [Fact]
    public async Task TheOpenAiClientTalksToItThroughMicrosoftExtensionsAi()
    {
        var backend = new ScriptedBackend("tiny", "A");
        await using var server = await Start(backend);
        var client = new OpenAIClient(new ApiKeyCredential("unused"),
            new OpenAIClientOptions { Endpoint = server.BaseAddress }).GetChatClient("tiny").AsIChatClient();
        var response = await client.GetResponseAsync(
            new[] { new ChatMessage(ChatRole.System, "judge"), new ChatMessage(ChatRole.User, "which?") },
            new ChatOptions { Temperature = 0, MaxOutputTokens = 3 });
        Assert.Equal("A", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal(new[] { "system", "user" }, seen.Messages.Select(m => m.Role));
        Assert.Equal(3, seen.MaxTokens);
        Assert.Equal(0, seen.Temperature);
    }

    [Fact]
    public async Task ReturnsLogprobsInOpenAisShape()
    {
        await using var server = await Start(new ScriptedBackend("tiny", "A"));
        const string json = """
            {"model":"tiny","messages":[{"role":"user","content":"hi"}],
             "logprobs":true,"top_logprobs":2,"n":2}
            """;
        var (status, body) = await Post(server, json);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body!["choices"]!.AsArray().Count);
        var first = body["choices"]![1]!["logprobs"]!["content"]![0]!;
        Assert.Equal("A", (string?)first["token"]);
        Assert.Equal(-0.25, (double)first["logprob"]!);
        Assert.Equal("B", (string?)first["top_logprobs"]![1]!["token"]);
    }

    [Theory]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"max_tokens":100000}""",
        "max_tokens")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"n":99}""", "n")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""",
        "temperature")]
    [InlineData("""{"model":"tiny","messages":[]}""", "messages")]
    [InlineData("""{"model":"tiny","messages":[{"role":"robot","content":"x"}]}""", "messages[0]")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"stream":true}""", "stream")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"top_logprobs":3}""",
        "top_logprobs")]
    public async Task RefusesBadRequestsWith400NamingTheParameter(string json, string param)
    {
        var backend = new ScriptedBackend("tiny", "A");
        await using var server = await Start(backend);
        var (status, body) = await Post(server, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(param, (string?)body!["error"]!["param"]);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task RefusesOversizedAndMalformedBodies()
    {
        await using var server = await Start(new ScriptedBackend("tiny", "A"));
        string content = new('x', 5000);
        string huge = $$"""{"model":"tiny","messages":[{"role":"user","content":"{{content}}"}]}""";
        var (status, body) = await Post(server, huge);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("larger than 4096 bytes", (string?)body!["error"]!["message"]);
        (status, body) = await Post(server, "{\"model\": ");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", (string?)body!["error"]!["message"]);
    }

    [Fact]
    public async Task UnknownModelIs404()
    {
        await using var server = await Start(new ScriptedBackend("tiny", "A"));
        const string json = """{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}""";
        var (status, body) = await Post(server, json);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", (string?)body!["error"]!["type"]);
    }

    [Fact]
    public async Task RequiresTheBearerKeyWhenOneIsSet()
    {
        const string key = "sk-test-7f3a";
        await using var server = await Start(new ScriptedBackend("tiny", "A"), key);
        const string json = """{"model":"tiny","messages":[{"role":"user","content":"x"}]}""";
        var (status, body) = await Post(server, json);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.DoesNotContain(key, body!.ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(server, json, "sk-wrong")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(server, json, key)).Status);
    }
}
