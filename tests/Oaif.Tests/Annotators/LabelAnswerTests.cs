using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

public sealed class LabelAnswerTests
{
    [Theory]
    [InlineData("A", "A")]
    [InlineData(" B\n", "B")]
    [InlineData("(a)", "A")]
    [InlineData("**B**.", "B")]
    [InlineData("A.B", null)]
    [InlineData("Answer: A", null)]
    [InlineData("AB", null)]
    [InlineData("", null)]
    public void Text_must_be_exactly_one_label(string text, string? expected) =>
        Assert.Equal(expected, LabelAnswer.Parse(text));

    [Fact]
    public void A_label_missing_from_the_top_list_gets_a_bounded_probability()
    {
        // Listed: " A" −0.1, "The" −3.0, "X" −4.0 (mass 0.9733). B is unlisted, so
        // log P(B) <= min(−4.0, log(1 − 0.9733) = −3.62) = −4.0,
        // and p = 1 / (1 + e^(−4.0 + 0.1)) = 0.980160.
        var tokens = new List<TokenCandidates>
        {
            new(" A", -0.1, [(" A", -0.1), ("The", -3.0), ("X", -4.0)]),
        };
        Assert.Equal(0.980160, LabelAnswer.ProbabilityFirst(tokens)!.Value, 5);
    }

    [Fact]
    public void The_label_token_is_the_first_non_blank_token()
    {
        // "(" carries no label; the distribution is read at "B": e^−2 / (e^−2 + e^−0.5) = 0.182426.
        var tokens = new List<TokenCandidates>
        {
            new("(", -0.01, [("(", -0.01)]),
            new("B", -0.5, [("B", -0.5), ("A", -2.0)]),
            new(")", -0.01, [(")", -0.01)]),
        };
        Assert.Equal(0.182426, LabelAnswer.ProbabilityFirst(tokens)!.Value, 5);
        Assert.Null(LabelAnswer.ProbabilityFirst([new("Hmm", -0.3, [("A", -2.0)])]));
    }
}
