namespace Oaif.Quickstart;

/// <summary>Everything <c>oaif quickstart</c> measured, as written to summary.json and report.md.</summary>
public sealed record QuickstartSummary(
    QuickstartOptions Options,
    FactStats Sft,
    IReadOnlyList<ArmResult> Arms,
    IReadOnlyList<(string Stage, double Seconds)> StageSeconds,
    double TotalSeconds)
{
    public ArmResult Arm(string name) => Arms.First(a => a.Name == name);

    /// <summary>
    /// Finding 1: online DPO's win rate against SFT above offline DPO's, with 95% intervals that do
    /// not overlap (the same number of annotations and updates went into both).
    /// </summary>
    public bool OnlineBeatsOffline =>
        Arm("online").Helpful.WinRate.Value > Arm("offline").Helpful.WinRate.Value
        && Arm("online").Helpful.WinRate.Interval95.IsDisjointFrom(Arm("offline").Helpful.WinRate.Interval95);

    /// <summary>
    /// Relative cut in mean response tokens of the "short" arm against the default-instruction arm.
    /// </summary>
    public double LengthCut =>
        1 - Arm("online-short").Helpful.CandidateStats.MeanTokens
            / Arm("online").Helpful.CandidateStats.MeanTokens;

    /// <summary>Finding 2: the "short" instruction cuts length by at least 30% and still wins at least half
    /// the time against SFT under the default judge.</summary>
    public bool ShortInstructionSteersLength =>
        LengthCut >= 0.30 && Arm("online-short").Helpful.WinRate.Value >= 0.5;
}
