namespace Oaif.Quickstart;

/// <summary>
/// How the built-in judge weighs a response. Read from a free-text instruction so the same knob that
/// steers an LLM judge steers this one: words like "short", "brief" or "concise" switch on a length
/// penalty; everything else keeps the default "helpful" scoring.
/// </summary>
/// <param name="FactWeight">Points per key fact stated (default 1).</param>
/// <param name="DetailWeight">Points per extra detail stated (default 0.6: worth adding, but less
/// than a key fact).</param>
/// <param name="WrongFactPenalty">Points lost per wrong or invented detail (default 2: a wrong fact
/// misleads, which is worse than leaving one out).</param>
/// <param name="LengthPenaltyPerWord">Points lost per word (default 0; 0.25 with a "short"
/// instruction, so four padding words cost as much as one key fact. A key fact takes one or two words and
/// stays worth stating; of the extra details only the two-word vehicle ("by train", 0.5 points of words
/// for 0.6) still pays, while the occasion ("for the fair", 0.75) and the helper ("with help from Ben",
/// 1.0) cost more than they earn: a short answer keeps the facts and the cheapest detail, and drops the
/// rest and the padding).</param>
public sealed record JudgeCriteria(double FactWeight = 1.0, double DetailWeight = 0.6,
    double WrongFactPenalty = 2.0, double LengthPenaltyPerWord = 0.0)
{
    static readonly string[] ShortWords = { "short", "brief", "concise", "terse", "shorter" };

    /// <summary>Default: reward stated facts and details, punish wrong ones, ignore length.</summary>
    public static JudgeCriteria Helpful { get; } = new();

    /// <summary>The "helpful and short" judge.</summary>
    public static JudgeCriteria HelpfulAndShort { get; } = new(LengthPenaltyPerWord: 0.25);

    /// <summary>Maps an instruction to criteria; see the type's summary for the rule.</summary>
    public static JudgeCriteria FromInstruction(string? instruction)
    {
        if (string.IsNullOrWhiteSpace(instruction)) return Helpful;
        var words = instruction.ToLowerInvariant()
            .Split(new[] { ' ', ',', '.', ';', ':', '!', '?', '\n', '\t' },
                StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => ShortWords.Contains(w)) ? HelpfulAndShort : Helpful;
    }
}
