using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

/// <summary>Hand-worked combinations of the two presentation orders.</summary>
public sealed class BothOrdersAnnotatorTests
{
    static readonly JudgeRequest Pair = new("p", "X", "Y");

    // A scripted inner judge: returns forward when X is shown first, swapped when Y is.
    static DelegateAnnotator Scripted(Judgement forward, Judgement swapped) =>
        new("scripted", (r, _) => Task.FromResult(r.First == "X" ? forward : swapped));

    static Judgement P(double p) =>
        Judgement.FromProbability(p) with { Requests = 1, Usage = new(10, 1), Cost = 0.5 };

    [Fact]
    public async Task Consistent_orders_average_and_agree()
    {
        // p1 = 0.9 (X first), p2 = 0.3 (Y first, so P(X) = 0.7): (0.9 + 0.7) / 2 = 0.8.
        var j = await new BothOrdersAnnotator(Scripted(P(0.9), P(0.3))).JudgeAsync(Pair);
        Assert.Equal(Verdict.First, j.Verdict);
        Assert.Equal(0.8, j.ProbabilityFirst!.Value, 12);
        Assert.True(j.OrdersAgree);
        Assert.Equal(2, j.Requests);
        Assert.Equal(new JudgeUsage(20, 2), j.Usage);
        Assert.Equal(1.0, j.Cost, 12);
    }

    [Fact]
    public async Task A_position_biased_judge_cancels_to_a_tie()
    {
        // Always prefers whatever is shown first with 0.8: (0.8 + 0.2) / 2 = 0.5.
        var j = await new BothOrdersAnnotator(Scripted(P(0.8), P(0.8))).JudgeAsync(Pair);
        Assert.Equal(Verdict.Tie, j.Verdict);
        Assert.Equal(0.5, j.ProbabilityFirst!.Value, 12);
        Assert.False(j.OrdersAgree);
    }

    [Fact]
    public async Task Tie_band_is_inclusive_and_configurable()
    {
        // (0.56 + 0.52) / 2 = 0.54: inside the default band [0.45, 0.55], outside a zero band.
        var inner = Scripted(P(0.56), P(0.48));
        Assert.Equal(Verdict.Tie, (await new BothOrdersAnnotator(inner).JudgeAsync(Pair)).Verdict);
        var narrow = new BothOrdersAnnotator(inner, new BothOrdersOptions { TieMargin = 0 });
        Assert.Equal(Verdict.First, (await narrow.JudgeAsync(Pair)).Verdict);
        // (0.6 + 0.5) / 2 = 0.55 sits exactly on the band edge: still a tie.
        var edge = new BothOrdersAnnotator(Scripted(P(0.6), P(0.5)));
        Assert.Equal(Verdict.Tie, (await edge.JudgeAsync(Pair)).Verdict);
        Assert.Throws<OaifException>(
            () => new BothOrdersAnnotator(inner, new BothOrdersOptions { TieMargin = 0.5 }));
    }

    [Fact]
    public async Task One_invalid_order_makes_the_pair_invalid_unless_fallback_is_on()
    {
        var inner = Scripted(P(0.9), Judgement.Invalid("answer is not a label", "maybe"));
        var strict = await new BothOrdersAnnotator(inner).JudgeAsync(Pair);
        Assert.Equal(Verdict.Invalid, strict.Verdict);
        Assert.Null(strict.ProbabilityFirst);
        Assert.Equal("swapped order: answer is not a label", strict.InvalidReason);

        // Fallback uses the valid order alone: here the swapped one, p2 = 0.2, so P(X) = 0.8.
        var lenient = new BothOrdersAnnotator(Scripted(Judgement.Invalid("timed out"), P(0.2)),
            new BothOrdersOptions { FallBackToValidOrder = true });
        var j = await lenient.JudgeAsync(Pair);
        Assert.Equal(Verdict.First, j.Verdict);
        Assert.Equal(0.8, j.ProbabilityFirst!.Value, 12);
        Assert.Null(j.OrdersAgree);
    }

    [Fact]
    public async Task Budget_refuses_calls_past_its_limit_without_throwing()
    {
        var stats = new AnnotatorStats();
        var budget = new BudgetAnnotator(Scripted(P(0.9), P(0.1)), maxRequests: 3, stats);
        var judge = new CountingAnnotator(new BothOrdersAnnotator(budget), stats);

        var first = await judge.JudgeAsync(Pair);    // uses 2 of 3
        var second = await judge.JudgeAsync(Pair);   // gets 1, refused 1 → Invalid

        Assert.Equal(Verdict.First, first.Verdict);
        Assert.Equal(Verdict.Invalid, second.Verdict);
        Assert.Contains(BudgetAnnotator.ExhaustedReason, second.InvalidReason);
        Assert.True(budget.IsExhausted);
        Assert.Equal(1, stats.BudgetExhausted);
        Assert.Equal(2, stats.Judgements);
        Assert.Equal(1, stats.InvalidVerdicts);
    }
}
