namespace Oaif.Annotators;

/// <summary>One generated token with its log-probability and the server's top alternatives.</summary>
internal sealed record TokenCandidates(
    string Token, double LogProb, IReadOnlyList<(string Token, double LogProb)> Top);

/// <summary>
/// Reads a judge's answer: strictly as text, and softly from the log-probabilities of the two labels.
/// </summary>
internal static class LabelAnswer
{
    // Characters a model may wrap a lone label in: "A", " A", "(A)", "**A**", "A.", "'A'".
    static readonly char[] Wrapping = " \t\r\n()[]*.:'\"`".ToCharArray();

    /// <summary>
    /// The label the whole answer text clearly is, or null. Nothing else may be in the text.
    /// </summary>
    public static string? Parse(string text) => Normalize(text);

    /// <summary>
    /// P(first label) from the token where the answer's label was generated: the two labels' probabilities
    /// (summed over spelling variants such as "A" and " A") renormalised to sum to one. Null when that
    /// token is not a label or neither label is among the candidates.
    /// </summary>
    /// <remarks>
    /// When only one label is among the top candidates, the other's probability is unknown but bounded:
    /// it is at most the smallest listed probability and at most the mass the list leaves over. That
    /// bound is used, so the estimate errs towards 0.5 rather than claiming certainty.
    /// </remarks>
    public static double? ProbabilityFirst(IReadOnlyList<TokenCandidates> tokens)
    {
        var labelToken = tokens.FirstOrDefault(t => t.Token.Trim(Wrapping).Length > 0);
        if (labelToken is null || Normalize(labelToken.Token) is null) return null;

        // The sampled token may be missing from the top list (sampling at temperature > 0); add it.
        var candidates = labelToken.Top
            .Append((labelToken.Token, labelToken.LogProb))
            .DistinctBy(c => c.Item1)
            .Where(c => double.IsFinite(c.Item2))
            .ToList();
        var first = LogSumExp(candidates, JudgeTemplate.FirstLabel);
        var second = LogSumExp(candidates, JudgeTemplate.SecondLabel);
        if (first is null && second is null) return null;

        var listedMass = candidates.Sum(c => Math.Exp(c.Item2));
        var bound = Math.Min(candidates.Min(c => c.Item2), Math.Log(Math.Max(1e-12, 1 - listedMass)));
        var lp1 = first ?? bound;
        var lp2 = second ?? bound;
        return 1 / (1 + Math.Exp(lp2 - lp1));
    }

    static double? LogSumExp(IEnumerable<(string Token, double LogProb)> candidates, string label)
    {
        var logs = candidates.Where(c => Normalize(c.Token) == label).Select(c => c.LogProb).ToList();
        if (logs.Count == 0) return null;
        var max = logs.Max();
        return max + Math.Log(logs.Sum(l => Math.Exp(l - max)));
    }

    static string? Normalize(string text)
    {
        var core = text.Trim(Wrapping);
        foreach (var label in new[] { JudgeTemplate.FirstLabel, JudgeTemplate.SecondLabel })
            if (core.Equals(label, StringComparison.OrdinalIgnoreCase)) return label;
        return null;
    }
}
