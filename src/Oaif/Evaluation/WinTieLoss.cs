namespace Oaif.Evaluation;

/// <summary>
/// Outcome counts of a pairwise comparison of a candidate against a baseline. Invalid judgements are
/// counted apart and left out of the rate: the judge said nothing about those pairs.
/// </summary>
public sealed record WinTieLoss(int Wins, int Ties, int Losses, int Invalid = 0)
{
    /// <summary>Pairs with a valid verdict.</summary>
    public int Judged => Wins + Ties + Losses;

    /// <summary>(wins + ties / 2) / judged: a tie counts as half a win, so 0.5 means "no better".</summary>
    public double WinRate => Judged == 0 ? double.NaN : (Wins + 0.5 * Ties) / Judged;

    /// <summary>Wilson 95% interval of <see cref="WinRate"/>.</summary>
    public ProportionInterval Interval95 => WilsonInterval.Compute(Wins + 0.5 * Ties, Judged);

    public WinTieLoss Add(WinTieLoss other) =>
        new(Wins + other.Wins, Ties + other.Ties, Losses + other.Losses, Invalid + other.Invalid);
}
