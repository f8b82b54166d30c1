using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Tokenization;
using static TorchSharp.torch;

namespace Oaif.Tests.Serving;

public class LocalModelChatBackendTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    static readonly ChatTurn[] Hello = [new("user", "Where is the cat?")];

    static ChatBackendRequest Request(double temperature = 0, int maxTokens = 8, int n = 1,
        string[]? stop = null, int? seed = null, bool logprobs = false, int top = 0) =>
        new(Hello, temperature, 1.0, maxTokens, n, stop ?? [], seed, logprobs, top);

    LocalModelChatBackend Backend(ICausalLanguageModel model, LocalModelBackendOptions? options = null) =>
        new("tiny", model, tiny.Tokenizer, new ChatFormatter(ChatFamily.Plain), options);

    int[] PromptIds => tiny.Tokenizer.EncodePrompt(
        new ChatFormatter(ChatFamily.Plain).Format([ChatMessage.User("Where is the cat?")]));

    [Fact]
    public async Task GreedyChoicesMatchTheGeneratorAndRepeatNTimes()
    {
        using var model = tiny.Random();
        var result = await Backend(model).CompleteAsync(Request(n: 3));
        var direct = new TextGenerator(model).Generate([PromptIds],
            new GenerationOptions { Temperature = 0, MaxNewTokens = 8,
                StopTokenIds = [tiny.Tokenizer.EosId!.Value] });
        var kept = direct[0].TokenIds.Where(id => id != tiny.Tokenizer.EosId).ToList();
        string expected = tiny.Tokenizer.Decode(kept);
        Assert.Equal(3, result.Choices.Count);
        Assert.All(result.Choices, c => Assert.Equal(expected, c.Text));
        Assert.Equal(PromptIds.Length, result.PromptTokens);
    }

    [Fact]
    public async Task LogprobsAreTheModelsDistributionBeforeTemperature()
    {
        using var model = tiny.Random();
        var result = await Backend(model).CompleteAsync(
            Request(temperature: 1.5, maxTokens: 1, seed: 3, logprobs: true, top: 4));
        var token = Assert.Single(result.Choices[0].Tokens!);

        // Independent reference: log-softmax of the raw logits at the prompt's last position.
        using var noGrad = no_grad();
        var logits = model.Forward(tensor(PromptIds.Select(i => (long)i).ToArray()).unsqueeze(0));
        var reference = logits[0, -1].log_softmax(-1).data<float>().ToArray();
        var best = reference.Select((lp, id) => (lp, id)).OrderByDescending(x => x.lp).Take(4).ToList();
        Assert.Equal(best.Select(b => Piece(b.id)), token.Top.Select(t => t.Token));
        for (int i = 0; i < 4; i++) Assert.Equal(best[i].lp, token.Top[i].Logprob, 4);
        // A sampled id may be part of a UTF-8 character, so its text does not name it uniquely.
        var sameText = Enumerable.Range(0, reference.Length).Where(id => Piece(id) == token.Token).ToList();
        Assert.Contains(sameText, id => Math.Abs(reference[id] - token.Logprob) < 1e-4);
    }

    string Piece(int id) => tiny.Tokenizer.Decode([id], skipSpecialTokens: false);

    [Fact]
    public async Task SameSeedSameSamples()
    {
        using var model = tiny.Random();
        var backend = Backend(model);
        var a = await backend.CompleteAsync(Request(temperature: 1.0, n: 3, seed: 42));
        var b = await backend.CompleteAsync(Request(temperature: 1.0, n: 3, seed: 42));
        Assert.Equal(a.Choices.Select(c => c.Text), b.Choices.Select(c => c.Text));
    }

    [Fact]
    public async Task StopStringCutsTheTextAndItsTokens()
    {
        using var model = tiny.Random();
        var backend = Backend(model);
        var free = (await backend.CompleteAsync(Request(maxTokens: 12))).Choices[0];
        Assert.Equal("length", free.FinishReason);
        Assert.True(free.Text.Length >= 6, $"need a longer sample than '{free.Text}'");
        string stop = free.Text.Substring(3, 2);
        int cut = free.Text.IndexOf(stop, StringComparison.Ordinal);

        var stopped = (await backend.CompleteAsync(Request(maxTokens: 12, stop: [stop], logprobs: true)))
            .Choices[0];
        Assert.Equal(free.Text[..cut], stopped.Text);
        Assert.Equal("stop", stopped.FinishReason);
        Assert.StartsWith(stopped.Text, string.Concat(stopped.Tokens!.Select(t => t.Token)));
    }

    [Fact]
    public async Task EndOfSequenceIsStopAndNotInTheText()
    {
        int eos = tiny.Tokenizer.EosId!.Value;
        using var model = tiny.Constant(new Dictionary<int, double> { [eos] = 20 });
        var choice = (await Backend(model).CompleteAsync(Request(logprobs: true))).Choices[0];
        Assert.Equal(("", "stop"), (choice.Text, choice.FinishReason));
        Assert.Empty(choice.Tokens!);
    }

    [Fact]
    public async Task PromptLongerThanTheContextIsA400NamingMessages()
    {
        using var model = tiny.Random();
        var backend = Backend(model, new LocalModelBackendOptions { ContextLength = 8 });
        var error = await Assert.ThrowsAsync<RequestError>(() => backend.CompleteAsync(Request()));
        Assert.Equal((400, "messages"), (error.Status, error.Param));

        await using var server = await OpenAiCompatibleServer.StartAsync(backend, new ServerOptions(Port: 0));
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(server.BaseAddress, "chat/completions"),
            new StringContent(
                """{"model":"tiny","messages":[{"role":"user","content":"Where is the cat?"}]}""",
                Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("context", (string?)body["error"]!["message"]);
    }

    [Fact]
    public void ATokenizerBiggerThanTheModelIsRefused()
    {
        using var model = new LlamaForCausalLM(tiny.Config with { VocabSize = 100 });
        var error = Assert.Throws<OaifException>(() => Backend(model));
        Assert.Contains("tokenizer has", error.Message);
    }
}
