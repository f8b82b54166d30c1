using Oaif.Annotators;

namespace Oaif.Training;

/// <summary>
/// Turns a step's verdicts into training pairs, at most one per prompt. Each response's win rate is its
/// points (1 per comparison won, ½ per tie) over its valid comparisons; Invalid comparisons are left
/// out. The highest rate becomes chosen and the lowest rejected (lowest index among equals). A prompt
/// gives no pair when fewer than two responses have a valid comparison or all rates are equal — so with
/// K = 2 a Tie or Invalid verdict never becomes a pair.
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
            int k = samples[p].Responses.Length;
            var (wins, games) = (new double[k], new int[k]);
            foreach (var c in byPrompt[p].Where(c => c.Record.Verdict != Verdict.Invalid))
            {
                games[c.FirstIndex]++;
                games[c.SecondIndex]++;
                wins[c.FirstIndex] += Points(c.Record.Verdict, Verdict.First);
                wins[c.SecondIndex] += Points(c.Record.Verdict, Verdict.Second);
            }
            var rated = Enumerable.Range(0, k)
                .Where(i => games[i] > 0)
                .Select(i => (i, rate: wins[i] / games[i]))
                .ToList();
            if (rated.Count < 2) continue;
            var best = rated.MaxBy(x => x.rate);      // MaxBy/MinBy return the first of equals
            var worst = rated.MinBy(x => x.rate);
            if (best.rate > worst.rate) result.Add((p, best.i, worst.i));
        }
        return result;
    }

    static double Points(Verdict verdict, Verdict side) =>
        verdict == side ? 1 : verdict == Verdict.Tie ? 0.5 : 0;
}
