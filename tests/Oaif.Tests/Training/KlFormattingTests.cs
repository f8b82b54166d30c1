using Oaif.Training;

namespace Oaif.Tests.Training;

/// <summary>The kl field of the online trainer's terminal line: three decimals, a minus sign only on
/// values that stay negative after rounding, never a plus sign.</summary>
public class KlFormattingTests
{
    [Theory]
    [InlineData(0.0, "0.000")]
    [InlineData(-1e-6, "0.000")]
    [InlineData(1e-6, "0.000")]
    [InlineData(0.0123, "0.012")]
    [InlineData(-0.0123, "-0.012")]
    [InlineData(1.5, "1.500")]
    public void KlPrintsWithoutPlusOrNegativeZero(double kl, string expected)
    {
        var metrics = new Dictionary<string, double> { [OnlineMetricKeys.Kl] = kl };
        Assert.Contains($"| kl {expected} |", OnlineTrainingLoop.TerminalLine(3, 10, metrics));
    }

    [Fact]
    public void NegativeZeroPrintsAsZero()
    {
        // Attribute constants fold -0.0 into 0.0, so this case is built at run time.
        double negativeZero = -1.0 * 0.0;
        Assert.True(double.IsNegative(negativeZero));
        KlPrintsWithoutPlusOrNegativeZero(negativeZero, "0.000");
    }
}
