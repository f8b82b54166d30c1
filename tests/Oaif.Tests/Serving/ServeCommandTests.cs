using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Oaif.Cli.Commands;
using Oaif.Tests.Support;

namespace Oaif.Tests.Serving;

/// <summary>The serve verb, run in-process on port 0 and stopped through its cancellation token.</summary>
public class ServeCommandTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    string ModelDirectory()
    {
        string dir = Path.Combine(TestPaths.NewTempDir("serve-cmd"), "tiny-model");
        using var model = tiny.Random();
        model.Save(dir);
        string source = Path.GetDirectoryName(tiny.TokenizerPath)!;
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" })
            File.Copy(Path.Combine(source, file), Path.Combine(dir, file));
        return dir;
    }

    [Fact]
    public async Task ServesWithTheKeyFromTheNamedVariableUntilCancelled()
    {
        string variable = $"OAIF_TEST_SERVE_KEY_{Guid.NewGuid():N}";
        const string key = "sk-local-5e1d";
        Environment.SetEnvironmentVariable(variable, key);
        var output = new StringWriter();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var root = new RootCommand("test") { ServeCommand.Create(output, ready.SetResult) };
        using var stop = new CancellationTokenSource();
        var run = root.Parse(["serve", "--model", ModelDirectory(), "--port", "0", "--api-key-env", variable])
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, stop.Token);

        var baseAddress = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("127.0.0.1", baseAddress.Host);
        const string json
            = """{"model":"tiny-model","messages":[{"role":"user","content":"hi"}],"max_tokens":4}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(baseAddress, json, null)).Status);
        var (status, body) = await Post(baseAddress, json, key);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull((string?)body!["choices"]![0]!["message"]!["content"]);

        stop.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        string log = output.ToString();
        Assert.Contains($"oaif: serving 'tiny-model' at {baseAddress}", log);
        Assert.Contains("path=/v1/chat/completions status=200", log);
        Assert.Contains("status=401", log);
        Assert.DoesNotContain(key, log);
    }

    [Fact]
    public void AnUnsetKeyVariableIsAClearErrorNamingIt()
    {
        var root = new RootCommand("test") { ServeCommand.Create(new StringWriter()) };
        var error = Assert.Throws<OaifException>(() => root.Parse(
                ["serve", "--model", "unused", "--api-key-env", "OAIF_TEST_SURELY_UNSET_VARIABLE"])
            .Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.Contains("OAIF_TEST_SURELY_UNSET_VARIABLE (--api-key-env) is not set", error.Message);
    }

    static async Task<(HttpStatusCode Status, JsonNode? Body)> Post(Uri baseAddress, string json, string? key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "chat/completions"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }
}
