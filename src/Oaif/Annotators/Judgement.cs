namespace Oaif.Annotators;

/// <summary>
/// What an annotator decided about one pair, and what it cost to decide.
/// </summary>
/// <remarks>
/// <see cref="Verdict.Invalid"/> judgements must be counted and dropped by callers, never turned into
/// a preference label: they carry no probability (<see cref="ProbabilityFirst"/> is null) and say why
/// in <see cref="InvalidReason"/>. Build instances through <see cref="FromProbability"/>,
/// <see cref="FromVerdict"/> or <see cref="Invalid"/>; the verdict and probability cannot be changed
/// afterwards with <c>with</c>, so the two always agree.
/// </remarks>
public sealed record Judgement
{
    /// <summary>
    /// Longest raw answer kept; longer answers are cut, so a runaway reply cannot bloat logs.
    /// </summary>
    public const int MaxRawAnswerChars = 2000;

    Judgement(Verdict verdict, double? probabilityFirst, string? invalidReason)
    {
        Verdict = verdict;
        ProbabilityFirst = probabilityFirst;
        InvalidReason = invalidReason;
    }

    /// <summary>The decision.</summary>
    public Verdict Verdict { get; }

    /// <summary>
    /// Probability that the first response is better, in [0, 1]; null exactly when Invalid.
    /// </summary>
    public double? ProbabilityFirst { get; }

    /// <summary>
    /// Why the verdict is Invalid (e.g. "budget exhausted", "answer is not a label"); else null.
    /// </summary>
    public string? InvalidReason { get; }

    /// <summary>The annotator's explanation, when it gave one.</summary>
    public string? Rationale { get; init; }

    /// <summary>
    /// The annotator's answer text, cut to <see cref="MaxRawAnswerChars"/>; null for rule judges.
    /// </summary>
    public string? RawAnswer { get => _rawAnswer; init => _rawAnswer = Truncate(value); }
    readonly string? _rawAnswer;

    /// <summary>Tokens spent.</summary>
    public JudgeUsage Usage { get; init; }

    /// <summary>Money spent, in the currency of the configured prices (0 when no prices are set).</summary>
    public double Cost { get; init; }

    /// <summary>Wall-clock time to reach the verdict, including retries.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>
    /// Calls made to the judge endpoint (retries inside one call not included); 0 for rules.
    /// </summary>
    public int Requests { get; init; }

    /// <summary>
    /// For a judgement combined from both presentation orders: whether the two orders preferred the same
    /// response. Null for single-order judgements or when one order was Invalid.
    /// </summary>
    public bool? OrdersAgree { get; init; }

    /// <summary>True unless the verdict is Invalid.</summary>
    public bool IsValid => Verdict != Verdict.Invalid;

    /// <summary>
    /// A valid judgement whose verdict follows the probability: above 0.5 + <paramref name="tieMargin"/>
    /// is First, below 0.5 − tieMargin is Second, anything else (bounds included) is Tie.
    /// </summary>
    public static Judgement FromProbability(double probabilityFirst, double tieMargin = 0)
    {
        if (!(probabilityFirst >= 0 && probabilityFirst <= 1))
            throw new ArgumentOutOfRangeException(nameof(probabilityFirst), "must be in [0, 1]");
        var verdict = probabilityFirst > 0.5 + tieMargin ? Verdict.First
            : probabilityFirst < 0.5 - tieMargin ? Verdict.Second
            : Verdict.Tie;
        return new Judgement(verdict, probabilityFirst, null);
    }

    /// <summary>
    /// A valid judgement with an explicit verdict and probability (they may disagree, e.g. when an LLM
    /// answered "A" while its log-probabilities put A at 0.45 under sampling).
    /// </summary>
    public static Judgement FromVerdict(Verdict verdict, double probabilityFirst)
    {
        if (verdict == Verdict.Invalid) throw new ArgumentException("use Judgement.Invalid", nameof(verdict));
        if (!(probabilityFirst >= 0 && probabilityFirst <= 1))
            throw new ArgumentOutOfRangeException(nameof(probabilityFirst), "must be in [0, 1]");
        return new Judgement(verdict, probabilityFirst, null);
    }

    /// <summary>An Invalid judgement saying why, with the raw answer when there was one.</summary>
    public static Judgement Invalid(string reason, string? rawAnswer = null) =>
        new(Verdict.Invalid, null, reason) { RawAnswer = rawAnswer };

    static string? Truncate(string? text) =>
        text is { Length: > MaxRawAnswerChars } ? text[..MaxRawAnswerChars] + "…" : text;
}
