using Oaif.Annotators;

namespace Oaif.Evaluation;

/// <summary>
/// The result of comparing a candidate with a baseline on a prompt set, judged in both orders.
/// </summary>
/// <param name="Candidate">Name of the candidate side.</param>
/// <param name="Baseline">Name of the baseline side.</param>
/// <param name="Judge">Id of the annotator (inside the both-orders wrapper).</param>
/// <param name="Prompts">Prompts evaluated.</param>
/// <param name="Outcome">Candidate wins, ties, losses and invalid (dropped) verdicts.</param>
/// <param name="Wins">Share of valid verdicts the candidate won, with its Wilson 95% interval.</param>
/// <param name="Ties">Share of valid verdicts that were ties.</param>
/// <param name="Losses">Share of valid verdicts the candidate lost.</param>
/// <param name="WinRate">(wins + ties / 2) / valid verdicts with its Wilson 95% interval.</param>
/// <param name="CandidateStats">Lengths and EOS rate of the candidate's responses.</param>
/// <param name="BaselineStats">Lengths and EOS rate of the baseline's responses.</param>
/// <param name="Pairs">Every pair with its verdict, in prompt order.</param>
/// <param name="Seconds">Wall-clock time of generation plus judging.</param>
public sealed record EvaluationReport(
    string Candidate,
    string Baseline,
    string Judge,
    int Prompts,
    WinTieLoss Outcome,
    Share Wins,
    Share Ties,
    Share Losses,
    Share WinRate,
    SideStatistics CandidateStats,
    SideStatistics BaselineStats,
    IReadOnlyList<EvaluatedPair> Pairs,
    double Seconds);

/// <summary>A proportion and its Wilson 95% interval (NaN and [0, 1] when nothing was judged).</summary>
public sealed record Share(double Value, ProportionInterval Interval95)
{
    /// <summary>The share of <paramref name="count"/> (may be fractional) out of <paramref
    /// name="n"/>.</summary>
    public static Share Of(double count, int n) =>
        new(n == 0 ? double.NaN : count / n, WilsonInterval.Compute(count, n));
}

/// <summary>Response length statistics of one side.</summary>
/// <param name="MeanTokens">Mean length in tokens of the evaluation's tokenizer.</param>
/// <param name="MedianTokens">Median length in tokens.</param>
/// <param name="MeanWords">Mean length in whitespace-separated words.</param>
/// <param name="MedianWords">Median length in words.</param>
/// <param name="EosRate">Share of responses that ended on a stop token rather than the length limit;
/// null when unknown (responses read from a file).</param>
public sealed record SideStatistics(double MeanTokens, double MedianTokens, double MeanWords,
    double MedianWords, double? EosRate);

/// <summary>One prompt's two responses and the verdict, from the candidate's side.</summary>
/// <param name="Prompt">The prompt both sides answered.</param>
/// <param name="Candidate">The candidate's response.</param>
/// <param name="Baseline">The baseline's response.</param>
/// <param name="Verdict">First = the candidate won, Second = the baseline won, Tie, or Invalid.</param>
/// <param name="ProbabilityCandidate">P(candidate better) after both orders; null when Invalid.</param>
/// <param name="InvalidReason">Why the verdict is Invalid, else null.</param>
/// <param name="OrdersAgree">Whether both orders preferred the same side; null when unknown.</param>
public sealed record EvaluatedPair(string Prompt, string Candidate, string Baseline, Verdict Verdict,
    double? ProbabilityCandidate, string? InvalidReason, bool? OrdersAgree);
