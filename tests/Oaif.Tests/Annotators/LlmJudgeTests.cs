using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

/// <summary>The LLM judge against a scripted OpenAI-compatible server on 127.0.0.1.</summary>
public sealed class LlmJudgeTests
{
    const string Alpha = "alpha answer";
    const string Beta = "beta answer";
    static readonly JudgeRequest Pair = new("Say something.", Alpha, Beta);

    static JudgeOptions Options(Uri endpoint, bool bothOrders = true, int topLogProbs = 5) => new()
    {
        Endpoint = new JudgeEndpointOptions
        {
            Endpoint = endpoint, Model = "fake-judge", RequestTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        },
        Judge = new LlmJudgeOptions
        {
            TopLogProbs = topLogProbs, InputPricePerMillion = 2, OutputPricePerMillion = 8,
        },
        BothOrders = bothOrders,
    };

    // Original order (alpha first): answer " A"; candidates " A" −0.2 and "A" −3.0 (both mean A),
    // " B" −1.8.
    //   p1 = (e^−0.2 + e^−3.0) / (e^−0.2 + e^−3.0 + e^−1.8) = 0.840108
    // Swapped order (beta first): answer " B"; candidates " A" −1.5, " B" −0.4.
    //   p2 = e^−1.5 / (e^−1.5 + e^−0.4) = 0.249740
    // Combined P(alpha better) = (p1 + (1 − p2)) / 2 = 0.795184.
    static FakeReply LogprobScript(FakeRequest r) => r.ShowsFirst(Alpha)
        ? FakeJudgeServer.Completion(" A",
            [new(" A", -0.2, (" A", -0.2), (" B", -1.8), ("A", -3.0), ("The", -4.0))])
        : FakeJudgeServer.Completion(" B", [new(" B", -0.4, (" B", -0.4), (" A", -1.5), ("**", -3.5))]);

    [Fact]
    public async Task Probability_comes_from_label_logprobs_in_both_orders()
    {
        await using var server = await FakeJudgeServer.StartAsync(LogprobScript);
        using var session = JudgeFactory.CreateOpenAICompatible(Options(server.Endpoint));

        var judgement = await session.Annotator.JudgeAsync(Pair);

        Assert.Equal(Verdict.First, judgement.Verdict);
        Assert.Equal(0.795184, judgement.ProbabilityFirst!.Value, 5);
        Assert.True(judgement.OrdersAgree);
        Assert.Equal(2, judgement.Requests);
        Assert.Equal(new JudgeUsage(200, 2), judgement.Usage);
        Assert.Equal((200 * 2 + 2 * 8) / 1e6, judgement.Cost, 12);

        // Both orders were sent, each asking for log-probabilities.
        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Single(requests, r => r.ShowsFirst(Alpha));
        Assert.Single(requests, r => r.ShowsFirst(Beta));
        Assert.All(requests, r => Assert.True((bool)r.Body["logprobs"]!));
        Assert.All(requests, r => Assert.Equal(5, (int)r.Body["top_logprobs"]!));
    }

    [Fact]
    public async Task Single_order_probability_matches_hand_computed_softmax()
    {
        await using var server = await FakeJudgeServer.StartAsync(LogprobScript);
        using var session = JudgeFactory.CreateOpenAICompatible(Options(server.Endpoint, bothOrders: false));

        var forward = await session.Annotator.JudgeAsync(Pair);
        var swapped = await session.Annotator.JudgeAsync(Pair.Swapped());

        Assert.Equal(0.840108, forward.ProbabilityFirst!.Value, 5);
        Assert.Equal(Verdict.First, forward.Verdict);
        Assert.Equal(0.249740, swapped.ProbabilityFirst!.Value, 5);
        Assert.Equal(Verdict.Second, swapped.Verdict);
        Assert.Equal(" A", forward.RawAnswer);
    }

    [Fact]
    public async Task Without_logprobs_the_answer_text_decides()
    {
        // This server ignores the logprobs request; it prefers beta in both orders.
        await using var server = await FakeJudgeServer.StartAsync(
            r => FakeJudgeServer.Completion(r.ShowsFirst(Beta) ? "A" : "(B)"));
        using var session = JudgeFactory.CreateOpenAICompatible(Options(server.Endpoint, topLogProbs: 0));

        var judgement = await session.Annotator.JudgeAsync(Pair);

        Assert.Equal(Verdict.Second, judgement.Verdict);
        Assert.Equal(0.0, judgement.ProbabilityFirst);
        Assert.All(server.Requests, r => Assert.Null(r.Body["logprobs"]));
    }

    [Theory]
    [InlineData("Neither")]
    [InlineData("A or B")]
    [InlineData("Answer: A because it is better")]
    [InlineData("")]
    public async Task An_answer_that_is_not_a_label_is_invalid_and_counted(string answer)
    {
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion(answer,
            [new("A", -0.1, ("A", -0.1), ("B", -2.5))]));
        using var session = JudgeFactory.CreateOpenAICompatible(Options(server.Endpoint, bothOrders: false));

        var judgement = await session.Annotator.JudgeAsync(Pair);

        Assert.Equal(Verdict.Invalid, judgement.Verdict);
        Assert.Null(judgement.ProbabilityFirst);
        Assert.Equal("answer is not a label", judgement.InvalidReason);
        Assert.Equal(answer, judgement.RawAnswer);
        Assert.Equal(1, session.Stats.UnparseableAnswers);
        Assert.Equal(1, session.Stats.InvalidVerdicts);
    }

    [Fact]
    public async Task Instruction_and_template_reach_the_server()
    {
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("A"));
        var options = Options(server.Endpoint, bothOrders: false) with
        {
            Judge = new LlmJudgeOptions
            {
                Template = JudgeTemplate.Summary, Instruction = "prefer the shorter one",
            },
        };
        using var session = JudgeFactory.CreateOpenAICompatible(options);

        await session.Annotator.JudgeAsync(Pair);
        await session.Annotator.JudgeAsync(Pair with { Instruction = "prefer rhymes" });

        var texts = server.Requests.Select(r => r.UserText).ToList();
        Assert.Contains("Summary A:\nalpha answer", texts[0]);
        Assert.Contains("prefer the shorter one", texts[0]);
        Assert.Contains("prefer rhymes", texts[1]);
        Assert.DoesNotContain("prefer the shorter one", texts[1]);
        Assert.Equal("llm:fake-judge:summary", session.Annotator.Id);
    }
}
