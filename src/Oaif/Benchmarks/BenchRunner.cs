using System.Diagnostics;
using System.Globalization;

namespace Oaif.Benchmarks;

/// <summary>
/// Runs the benchmark sections in order — roof, DAP update, sampling, annotation, online (pipeline,
/// step split, reference check) — and writes bench.json and bench.md into the output directory.
/// Sections run one after another in this process; nothing runs concurrently with a measurement.
/// </summary>
public static class BenchRunner
{
    /// <summary>bench.json file name.</summary>
    public const string JsonFile = "bench.json";

    /// <summary>bench.md file name.</summary>
    public const string MarkdownFile = "bench.md";

    /// <summary>
    /// Measures everything <paramref name="options"/> asks for, writes both files into
    /// <paramref name="outDir"/>, and returns the report. <paramref name="progress"/> gets one line per
    /// finished figure.
    /// </summary>
    public static async Task<BenchReport> RunAsync(BenchOptions options, string outDir, string command,
        TextWriter? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        Directory.CreateDirectory(outDir);
        var clock = Stopwatch.StartNew();
        var report = new BenchReport
        {
            Machine = new MachineInfo(MachineState.Cores, MachineState.TorchThreads,
                MachineState.LoadAverage(),
                DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                options.IsQuick, command),
        };
        void Say(string line) => progress?.WriteLine(line);

        // roof: the best fp32 matmul rate over the sizes
        foreach (int size in options.MatmulSizes)
        {
            ct.ThrowIfCancellationRequested();
            report.Roof.Add(MatmulRoof.Measure(size, options));
            Say($"roof {size}: {report.Roof[^1].Gflops:F1} GFLOP/s");
        }
        report.RoofGflops = report.Roof.Count == 0 ? double.NaN : report.Roof.Max(x => x.Gflops);

        // online runs early, while the process is small, so the peak memory is mostly theirs
        var online = new OnlineBench(options, Path.Combine(outDir, "runs"));
        report.OnlineStep = await online.StepSplitAsync(ct);
        Say($"online step: {report.OnlineStep.StepSeconds:F3} s, " +
            $"peak {report.OnlineStep.PeakResidentMiB:F0} MiB");
        report.Pipeline = await online.PipelineAsync(ct);
        Say($"pipeline: hidden {100 * report.Pipeline.HiddenFraction:F0}% " +
            $"of {report.Pipeline.LatencySeconds:F3} s");
        report.Reference = online.CheckReference();
        Directory.Delete(Path.Combine(outDir, "runs"), recursive: true);

        // training: one DAP update per (preset, sequence)
        foreach (var preset in options.UpdatePresets)
            foreach (int sequence in options.UpdateSequences)
            {
                ct.ThrowIfCancellationRequested();
                var u = UpdateBench.Measure(preset, sequence, report.RoofGflops, options);
                report.Updates.Add(u);
                Say($"update {preset} seq {sequence}: {u.TokensPerSecond:F0} tok/s, " +
                    $"{100 * u.RoofFraction:F0}% roof");
            }

        // sampling and annotation
        report.Sampling.AddRange(SamplingBench.Measure(options));
        foreach (var s in report.Sampling) Say($"sampling batch {s.Batch}: {s.TokensPerSecond:F0} tok/s");
        report.Annotation.AddRange(await AnnotationBench.MeasureAsync(options, ct));
        foreach (var a in report.Annotation)
            Say($"judge concurrency {a.Concurrency}: {a.VerdictsPerSecond:F1}/s");

        // targets and files
        report.Targets = BenchTargets.Evaluate(report);
        report.LoadAverageEnd = MachineState.LoadAverage();
        report.TotalSeconds = clock.Elapsed.TotalSeconds;
        File.WriteAllText(Path.Combine(outDir, JsonFile), report.ToJson() + "\n");
        File.WriteAllText(Path.Combine(outDir, MarkdownFile), BenchMarkdown.Render(report));
        return report;
    }
}
