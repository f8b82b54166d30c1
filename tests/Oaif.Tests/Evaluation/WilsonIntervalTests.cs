using Oaif.Evaluation;

namespace Oaif.Tests.Evaluation;

public class WilsonIntervalTests
{
    // Expected bounds worked by hand from the Wilson formula with z = 1.96 (to 4 decimals), e.g. 5/10:
    // centre = (0.5 + 0.19208) / 1.38416 = 0.5, half = 1.96·sqrt(0.025 + 0.009604) / 1.38416 = 0.26340.
    [Theory]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(0, 10, 0.0000, 0.2775)]
    [InlineData(8, 10, 0.4902, 0.9433)]
    [InlineData(10, 10, 0.7225, 1.0000)]
    [InlineData(60, 100, 0.5020, 0.6906)]
    public void MatchesHandComputedBounds(double successes, int n, double low, double high)
    {
        var interval = WilsonInterval.Compute(successes, n);
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void TiesCountAsHalfAWinAndInvalidIsLeftOut()
    {
        var outcome = new WinTieLoss(Wins: 6, Ties: 4, Losses: 0, Invalid: 3);
        Assert.Equal(10, outcome.Judged);
        Assert.Equal(0.8, outcome.WinRate, 12);
        Assert.Equal(WilsonInterval.Compute(8, 10), outcome.Interval95);
    }

    [Fact]
    public void DisjointnessIsStrict()
    {
        Assert.True(new ProportionInterval(0.1, 0.3).IsDisjointFrom(new ProportionInterval(0.31, 0.5)));
        Assert.False(new ProportionInterval(0.1, 0.3).IsDisjointFrom(new ProportionInterval(0.3, 0.5)));
    }
}
