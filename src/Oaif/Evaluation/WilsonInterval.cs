namespace Oaif.Evaluation;

/// <summary>A confidence interval for a proportion.</summary>
public readonly record struct ProportionInterval(double Low, double High)
{
    /// <summary>True when the two intervals share no point.</summary>
    public bool IsDisjointFrom(ProportionInterval other) => High < other.Low || other.High < Low;

    public override string ToString() => $"[{Low:F3}, {High:F3}]";
}

/// <summary>
/// The Wilson score interval: unlike the plain normal interval it stays inside [0, 1] and keeps close to
/// its nominal coverage at small n and at proportions near 0 or 1, which is where win rates of small
/// evaluations live.
/// </summary>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Interval for <paramref name="successes"/> out of <paramref name="n"/>; successes may be fractional
    /// (a tie counts as half a win). n = 0 gives the uninformative [0, 1].
    /// </summary>
    public static ProportionInterval Compute(double successes, int n, double z = Z95)
    {
        if (n < 0 || successes < 0 || successes > n)
            throw new ArgumentOutOfRangeException(nameof(successes),
                $"need 0 <= successes <= n, got {successes}/{n}");
        if (n == 0) return new ProportionInterval(0, 1);
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new ProportionInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
