using Oaif.Annotators;

namespace Oaif.Training;

/// <summary>The online-only metrics of one step (see <see cref="OnlineMetricKeys"/>).</summary>
internal static class OnlineStepMetrics
{
    /// <summary>
    /// Judge, sample and KL metrics. <paramref name="referenceLogps"/>[p][k] is Σ log π_ref of response k
    /// of prompt p. Means over an empty set are NaN (written as null).
    /// </summary>
    public static Dictionary<string, double> Compute(PromptSamples[] samples, OnlineComparison[] comparisons,
        List<(int Prompt, int Chosen, int Rejected)> pairs, double[][] referenceLogps)
    {
        var chosen = pairs.Select(x => samples[x.Prompt].Responses[x.Chosen]).ToList();
        var rejected = pairs.Select(x => samples[x.Prompt].Responses[x.Rejected]).ToList();
        var all = samples.SelectMany(s => s.Responses).ToList();
        var judged = comparisons.Where(c => !c.DecidedByEosRule).ToList();
        var bothOrders = comparisons.Where(c => c.Record.OrdersAgree is not null).ToList();
        var kl = samples.SelectMany((s, p) =>
            s.Responses.Select((r, k) => r.PolicyLogProb - referenceLogps[p][k]));
        return new Dictionary<string, double>
        {
            [OnlineMetricKeys.Comparisons] = comparisons.Length,
            [OnlineMetricKeys.InvalidRate] = Mean(comparisons, c => c.Record.Verdict == Verdict.Invalid),
            [OnlineMetricKeys.TieRate] = Mean(comparisons, c => c.Record.Verdict == Verdict.Tie),
            [OnlineMetricKeys.Agreement] = Mean(bothOrders, c => c.Record.OrdersAgree == true),
            [OnlineMetricKeys.LatencyMs] = Mean(judged, c => c.Record.LatencyMs),
            [OnlineMetricKeys.Cost] = comparisons.Sum(c => c.Record.Cost),
            [OnlineMetricKeys.EosRuleRate] = Mean(comparisons, c => c.DecidedByEosRule),
            [OnlineMetricKeys.Pairs] = pairs.Count,
            [OnlineMetricKeys.MeanLength] = Mean(all, r => r.Ids.Length),
            [OnlineMetricKeys.MeanLengthChosen] = Mean(chosen, r => r.Ids.Length),
            [OnlineMetricKeys.MeanLengthRejected] = Mean(rejected, r => r.Ids.Length),
            [OnlineMetricKeys.EosRateChosen] = Mean(chosen, r => r.EndedWithEos),
            [OnlineMetricKeys.EosRateRejected] = Mean(rejected, r => r.EndedWithEos),
            [OnlineMetricKeys.Kl] = Mean(kl.ToList(), d => d),
        };
    }

    static double Mean<T>(IReadOnlyCollection<T> items, Func<T, double> value) =>
        items.Count == 0 ? double.NaN : items.Sum(value) / items.Count;

    static double Mean<T>(IReadOnlyCollection<T> items, Func<T, bool> flag) =>
        Mean(items, x => flag(x) ? 1.0 : 0.0);
}
