using Oaif.Annotators;

namespace Oaif.Training;

/// <summary>
/// Turns a step's verdicts into training pairs, at most one per prompt. Each response scores one win per
/// comparison it won and half a win per tie; Invalid comparisons score nothing. The response with the
/// most wins becomes chosen and the one with the fewest rejected (lowest index on equal scores). A
/// prompt gives no pair when all its comparisons were Invalid or all responses scored the same — so
/// with K = 2 a Tie or Invalid verdict never becomes a pair.
/// </summary>
internal static class OnlinePairSelector
{
    /// <summary>(prompt, chosen, rejected) positions, in prompt order.</summary>
    public static List<(int Prompt, int Chosen, int Rejected)> Select(
        PromptSamples[] samples, OnlineComparison[] comparisons)
    {
        var result = new List<(int, int, int)>();
        var byPrompt = comparisons.ToLookup(c => c.PromptIndex);
        for (int p = 0; p < samples.Length; p++)
        {
            var wins = new double[samples[p].Responses.Length];
            bool anyValid = false;
            foreach (var c in byPrompt[p])
            {
                anyValid |= c.Record.Verdict != Verdict.Invalid;
                if (c.Record.Verdict == Verdict.First) wins[c.FirstIndex] += 1;
                else if (c.Record.Verdict == Verdict.Second) wins[c.SecondIndex] += 1;
                else if (c.Record.Verdict == Verdict.Tie) { wins[c.FirstIndex] += 0.5; wins[c.SecondIndex] += 0.5; }
            }
            int best = Array.IndexOf(wins, wins.Max());
            int worst = Array.IndexOf(wins, wins.Min());
            if (anyValid && wins[best] > wins[worst]) result.Add((p, best, worst));
        }
        return result;
    }
}
