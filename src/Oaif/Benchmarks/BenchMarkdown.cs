using System.Globalization;
using System.Text;

namespace Oaif.Benchmarks;

/// <summary>bench.md: the report as tables, targets first.</summary>
public static class BenchMarkdown
{
    static string F(double x, string format = "F2") =>
        double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    static string Load(double[] l) => l.Length == 0 ? "n/a" : string.Join(" ", l.Select(x => F(x)));

    /// <summary>Renders <paramref name="r"/> as Markdown.</summary>
    public static string Render(BenchReport r)
    {
        var md = new StringBuilder();
        var m = r.Machine;
        md.AppendLine($"# oaif bench{(m.Quick ? " (--quick)" : "")}\n");
        md.AppendLine($"Command: `{m.Command}`  ");
        md.AppendLine($"Started {m.StartedUtc} UTC; {m.Cores} cores, {m.TorchThreads} torch threads; load " +
            $"average at start {Load(m.LoadAverageStart)}, at end {Load(r.LoadAverageEnd)} (1/5/15 min); " +
            $"total {F(r.TotalSeconds, "F0")} s. Each figure is the median of the recorded runs after " +
            "warm-up. The machine is shared, so a high load average means lower figures.\n");
        Targets(md, r);
        Roof(md, r);
        Updates(md, r);
        Sampling(md, r);
        Annotation(md, r);
        Online(md, r);
        return md.ToString();
    }

    static void Targets(StringBuilder md, BenchReport r)
    {
        md.AppendLine("## Targets\n\n| goal | measured | met |\n|---|---|---|");
        foreach (var t in r.Targets)
            md.AppendLine($"| {t.Goal} | {t.Measured} | " +
                $"{(t.Met is null ? "n/a" : t.Met.Value ? "yes" : "NO")} |");
        md.AppendLine();
    }

    static void Roof(StringBuilder md, BenchReport r)
    {
        md.AppendLine($"## Roof: fp32 matmul (roof = {F(r.RoofGflops, "F1")} GFLOP/s)\n");
        md.AppendLine("| size | GFLOP/s | s per run (min–max) | load |\n|---|---|---|---|");
        foreach (var x in r.Roof)
            md.AppendLine($"| {x.Size}² | {F(x.Gflops, "F1")} | {Spread(x.Seconds)} | " +
                $"{Load(x.LoadAverage)} |");
        md.AppendLine();
    }

    static void Updates(StringBuilder md, BenchReport r)
    {
        md.AppendLine("## Training: one DAP update (DapUpdater)\n");
        md.AppendLine($"FLOPs: {r.Flops}.\n");
        md.AppendLine(
            "| preset | params | seq | pairs | tokens/s | GFLOP/s | of roof | s per update | load |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var u in r.Updates)
            md.AppendLine($"| {u.Preset} | {F(u.Parameters / 1e6, "F1")}M | {u.Sequence} | {u.Pairs} | " +
                $"{F(u.TokensPerSecond, "F0")} | {F(u.Gflops, "F1")} | {F(100 * u.RoofFraction, "F0")}% | " +
                $"{Spread(u.Seconds)} | {Load(u.LoadAverage)} |");
        md.AppendLine();
    }

    static void Sampling(StringBuilder md, BenchReport r)
    {
        md.AppendLine("## Sampling with the KV cache (TextGenerator)\n");
        md.AppendLine("| preset | params | batch | new tokens | tokens/s | × batch 1 | s per run | load |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        double one = r.Sampling.FirstOrDefault(s => s.Batch == 1)?.TokensPerSecond ?? double.NaN;
        foreach (var s in r.Sampling)
            md.AppendLine($"| {s.Preset} | {F(s.Parameters / 1e6, "F1")}M | {s.Batch} | {s.NewTokens} | " +
                $"{F(s.TokensPerSecond, "F0")} | {F(s.TokensPerSecond / one, "F1")} | " +
                $"{Spread(s.Seconds)} | " +
                $"{Load(s.LoadAverage)} |");
        md.AppendLine();
    }

    static void Annotation(StringBuilder md, BenchReport r)
    {
        md.AppendLine("## Annotation: LLM judge against a local `oaif serve` (in-process, 127.0.0.1)\n");
        md.AppendLine("The served model is small and untrained: most verdicts are Invalid, at the same " +
            "cost. " +
            "The server decodes one request at a time.\n");
        md.AppendLine("| concurrency | verdicts | verdicts/s | mean latency ms | invalid | load |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var a in r.Annotation)
            md.AppendLine($"| {a.Concurrency} | {a.Verdicts} | {F(a.VerdictsPerSecond, "F1")} | " +
                $"{F(a.MeanLatencyMs, "F0")} | {F(100 * a.InvalidShare, "F0")}% | {Load(a.LoadAverage)} |");
        md.AppendLine();
    }

    static void Online(StringBuilder md, BenchReport r)
    {
        if (r.Pipeline is { } p)
        {
            md.AppendLine($"## Pipelined online mode ({p.Preset}, {p.TimedSteps} timed steps)\n");
            md.AppendLine("Sampling of step t+1 runs before update t; its judging overlaps update t. " +
                $"Synthetic annotator latency L = {F(p.LatencySeconds, "F3")} s " +
                $"(sampling {F(p.SampleSeconds, "F3")} s, " +
                $"reference + update {F(p.ReferenceAndUpdateSeconds, "F3")} s in the instant run, " +
                $"{F(p.PipelinedReferenceAndUpdateSeconds, "F3")} s in the pipelined run; judging can " +
                "hide only behind as much update as there is).\n");
            md.AppendLine("| run | s per step |\n|---|---|");
            md.AppendLine($"| instant annotator | {F(p.InstantStepSeconds, "F3")} |");
            md.AppendLine($"| latency L, sequential | {F(p.SequentialStepSeconds, "F3")} |");
            md.AppendLine($"| latency L, pipelined | {F(p.PipelinedStepSeconds, "F3")} |");
            md.AppendLine("\nHidden fraction 1 − (pipelined − instant)/L = " +
                $"**{F(100 * p.HiddenFraction, "F0")}%**; " +
                "from the loop's own clocks, 1 − Σ annotate_wait_s / Σ annotate_s = " +
                $"**{F(100 * p.WaitHiddenFraction, "F0")}%**; " +
                $"mean staleness of the timed pipelined steps {F(p.MeanStalenessSteps, "F2")} updates. " +
                $"Load {Load(p.LoadAverage)}. " +
                "A value outside 0–100% means step times moved by more than L " +
                "between the runs (a busy machine), not that pipelining beat the instant annotator.\n");
        }
        if (r.OnlineStep is { } s)
        {
            double sum = s.StepSeconds;
            string Share(double x) => $"{F(x, "F3")} ({F(100 * x / sum, "F0")}%)";
            md.AppendLine("## Time split of a real online step " +
                $"({s.Preset}, {F(s.Parameters / 1e6, "F1")}M, " +
                "rule judge, checkpoint every step)\n");
            md.AppendLine("| sample | annotate | reference | update | checkpoint + log | step |");
            md.AppendLine("|---|---|---|---|---|---|");
            md.AppendLine($"| {Share(s.SampleSeconds)} | {Share(s.AnnotateSeconds)} | " +
                $"{Share(s.ReferenceSeconds)} | {Share(s.UpdateSeconds)} | " +
                $"{Share(s.CheckpointAndLogSeconds)} | {F(s.StepSeconds, "F3")} |");
            md.AppendLine($"\nPeak resident memory: {F(s.PeakResidentMiB, "F0")} MiB (VmHWM, " +
                $"{(s.PeakCoversOnlyThisRun ? "reset before this run" : "whole process")}). " +
                $"Load {Load(s.LoadAverage)}.\n");
        }
        if (r.Reference is { } c)
            md.AppendLine($"Reference check: {c.SharedStorages} storages shared with the policy; reference " +
                $"frozen: {c.ReferenceFrozen}; optimizer holds {c.OptimizerElements} elements, the policy " +
                $"{c.PolicyElements}, the reference {c.ReferenceElements} → {(c.Ok ? "ok" : "FAILED")}.\n");
    }

    static string Spread(BenchTiming t) => $"{F(t.Median, "F3")} ({F(t.Min, "F3")}–{F(t.Max, "F3")})";
}
