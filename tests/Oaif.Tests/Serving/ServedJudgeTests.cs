using Oaif.Annotators;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Tokenization;

namespace Oaif.Tests.Serving;

/// <summary>
/// The must-show path: a tiny local model behind <see cref="OpenAiCompatibleServer"/>, judged through
/// the real OpenAI client the LLM judge uses (JudgeFactory.CreateOpenAICompatible).
/// </summary>
public class ServedJudgeTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    static readonly JudgeRequest[] Pairs =
    [
        new("Where is the cat?", "The cat sat on the mat.", "The dog ran to the park."),
        new("What is the capital of France?", "Paris.", "Water boils at one hundred degrees."),
        new("Say hello.", "Hello!", "Hello there, how can I help you today?"),
    ];

    // Worked by hand: labels with logits 12 and 11 give P(A) = 1 / (1 + e^(11-12)) = 0.7310586;
    // logits 10 and 12 give 1 / (1 + e^2) = 0.1192029.
    const double PFirstOneNatApart = 0.7310586;
    const double PFirstTwoNatsBehind = 0.1192029;

    [Fact]
    public async Task ARandomModelsNonLabelAnswersAreInvalidAndCountedNeverASide()
    {
        using var model = tiny.Random();
        var (server, recorder) = await Serve(model);
        await using var _ = server;
        using var judge = Judge(server.BaseAddress, bothOrders: true);

        foreach (var pair in Pairs)
        {
            var judgement = await judge.Annotator.JudgeAsync(pair);
            string forward = DirectAnswer(model, pair, 3), swapped = DirectAnswer(model, pair.Swapped(), 3);
            Assert.False(IsLabel(forward) || IsLabel(swapped),
                $"seed gives a label: '{forward}' '{swapped}'");
            Assert.Equal(Verdict.Invalid, judgement.Verdict);
            Assert.Null(judgement.ProbabilityFirst);
            Assert.Equal($"[A,B] {forward} | [B,A] {swapped}", judgement.RawAnswer);
        }
        Assert.Equal((3, 6), (judge.Stats.InvalidVerdicts, judge.Stats.UnparseableAnswers));
        Assert.Equal(6, recorder.Requests.Count);
        Assert.All(recorder.Requests, r => Assert.Equal((true, 5, 0.0, 3), (r.Logprobs, r.TopLogprobs,
            r.Temperature, r.MaxTokens)));
    }

    [Theory]
    [InlineData(12.0, 11.0, Verdict.First, PFirstOneNatApart)]
    [InlineData(10.0, 12.0, Verdict.Second, PFirstTwoNatsBehind)]
    public async Task ALabelAnswerIsReadFromTheLabelLogProbs(double logitA, double logitB, Verdict verdict,
        double probabilityFirst)
    {
        using var model = tiny.Constant(new Dictionary<int, double>
        {
            [tiny.IdOf("A")] = logitA, [tiny.IdOf("B")] = logitB,
        });
        var (server, _) = await Serve(model);
        await using var __ = server;
        using var judge = Judge(server.BaseAddress, bothOrders: false, maxOutputTokens: 1);

        foreach (var pair in Pairs)
        {
            var judgement = await judge.Annotator.JudgeAsync(pair);
            Assert.Equal(verdict, judgement.Verdict);
            Assert.Equal(probabilityFirst, judgement.ProbabilityFirst!.Value, 4);
        }
        Assert.Equal(0, judge.Stats.InvalidVerdicts);
    }

    [Fact]
    public async Task BothOrdersCancelAJudgeThatAlwaysSaysA()
    {
        using var model = tiny.Constant(new Dictionary<int, double>
        {
            [tiny.IdOf("A")] = 12, [tiny.IdOf("B")] = 11,
        });
        var (server, recorder) = await Serve(model);
        await using var _ = server;
        using var judge = Judge(server.BaseAddress, bothOrders: true, maxOutputTokens: 1);

        foreach (var pair in Pairs)
        {
            var judgement = await judge.Annotator.JudgeAsync(pair);
            // (0.7310586 + (1 - 0.7310586)) / 2: the position preference cancels exactly.
            Assert.Equal(Verdict.Tie, judgement.Verdict);
            Assert.Equal(0.5, judgement.ProbabilityFirst!.Value, 6);
            Assert.False(judgement.OrdersAgree);
            Assert.Equal("[A,B] A | [B,A] A", judgement.RawAnswer);
        }
        Assert.Equal(6, recorder.Requests.Count);
    }

    async Task<(OpenAiCompatibleServer, RecordingBackend)> Serve(ICausalLanguageModel model)
    {
        var backend = new RecordingBackend(
            new LocalModelChatBackend("tiny", model, tiny.Tokenizer, new ChatFormatter(ChatFamily.Plain)));
        var server = await OpenAiCompatibleServer.StartAsync(backend, new ServerOptions(Port: 0));
        return (server, backend);
    }

    static JudgeSession Judge(Uri endpoint, bool bothOrders, int maxOutputTokens = 3) =>
        JudgeFactory.CreateOpenAICompatible(new JudgeOptions
        {
            Endpoint = new JudgeEndpointOptions
            {
                Endpoint = endpoint, Model = "tiny", MaxRetries = 0,
                    RequestTimeout = TimeSpan.FromSeconds(30),
            },
            Judge = new LlmJudgeOptions { MaxOutputTokens = maxOutputTokens },
            BothOrders = bothOrders,
        });

    /// <summary>What the model says to the judge prompt, computed without the server.</summary>
    string DirectAnswer(ICausalLanguageModel model, JudgeRequest pair, int maxTokens)
    {
        var template = JudgeTemplate.Helpfulness;
        string prompt = new ChatFormatter(ChatFamily.Plain).Format(
            [ChatMessage.System(template.System), ChatMessage.User(template.RenderUser(pair, null))]);
        int eos = tiny.Tokenizer.EosId!.Value;
        var ids = new TextGenerator(model).Generate([tiny.Tokenizer.EncodePrompt(prompt)],
            new GenerationOptions { Temperature = 0, MaxNewTokens = maxTokens,
                StopTokenIds = [eos] })[0].TokenIds;
        return tiny.Tokenizer.Decode(ids.Where(id => id != eos).ToList());
    }

    static bool IsLabel(string answer) =>
        answer.Trim(" \t\r\n()[]*.:'\"`".ToCharArray()).ToUpperInvariant() is "A" or "B";
}
