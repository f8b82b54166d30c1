using System.Globalization;

namespace Oaif.Benchmarks;

/// <summary>The goals the bench reports against; each gets its measured value whether met or not.</summary>
internal static class BenchTargets
{
    public static List<TargetResult> Evaluate(BenchReport r) =>
        [Update(r), Sampling(r), Pipeline(r), Memory(r), Reference(r)];

    static string F(double x, string format) =>
        double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    static TargetResult Update(BenchReport r)
    {
        const string goal = "DAP update ≥ 40% of the matmul roof, models ≥ 10M parameters, sequence 256";
        var rows = r.Updates.Where(u => u.Parameters >= 10_000_000 && u.Sequence == 256).ToList();
        if (rows.Count == 0) return new("update_roof_fraction", goal, "not measured", null);
        string measured = string.Join(", ", rows.Select(u => $"{u.Preset} {F(100 * u.RoofFraction, "F0")}%"));
        return new("update_roof_fraction", goal, measured, rows.All(u => u.RoofFraction >= 0.4));
    }

    static TargetResult Sampling(BenchReport r)
    {
        const string goal = "sampling at batch 32 ≥ 10× the tokens/s of batch 1";
        var one = r.Sampling.FirstOrDefault(s => s.Batch == 1);
        var many = r.Sampling.FirstOrDefault(s => s.Batch == 32);
        if (one is null || many is null) return new("sampling_batch_speedup", goal, "not measured", null);
        double ratio = many.TokensPerSecond / one.TokensPerSecond;
        return new("sampling_batch_speedup", goal, $"{F(ratio, "F1")}×", ratio >= 10);
    }

    static TargetResult Pipeline(BenchReport r)
    {
        const string goal =
            "pipelining hides ≥ 80% of an annotator latency between sampling and update time";
        if (r.Pipeline is not { } p) return new("pipeline_hidden_fraction", goal, "not measured", null);
        bool between = p.LatencySeconds > p.SampleSeconds && p.LatencySeconds < p.ReferenceAndUpdateSeconds;
        string measured = $"{F(100 * p.HiddenFraction, "F0")}% of {F(p.LatencySeconds, "F3")} s " +
            $"(step times); {F(100 * p.WaitHiddenFraction, "F0")}% (loop wait clock)" +
            (between ? "" : " (latency not between sampling and update time: the update was the faster)");
        bool met = p.HiddenFraction >= 0.8 && p.WaitHiddenFraction >= 0.8;
        return new("pipeline_hidden_fraction", goal, measured, met);
    }

    static TargetResult Memory(BenchReport r)
    {
        const string goal = "peak resident memory of an online run is reported";
        if (r.OnlineStep is not { } s) return new("online_peak_rss", goal, "not measured", null);
        string scope = s.PeakCoversOnlyThisRun ? "this run" : "whole process so far";
        return new("online_peak_rss", goal, $"{F(s.PeakResidentMiB, "F0")} MiB ({scope})", true);
    }

    static TargetResult Reference(BenchReport r)
    {
        const string goal = "reference shares no storage with the policy and adds no optimizer state";
        if (r.Reference is not { } c) return new("reference_isolated", goal, "not measured", null);
        return new("reference_isolated", goal, $"{c.SharedStorages} shared storages; optimizer " +
            $"{c.OptimizerElements} = policy {c.PolicyElements} elements; frozen {c.ReferenceFrozen}", c.Ok);
    }
}
