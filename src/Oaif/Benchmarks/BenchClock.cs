using System.Diagnostics;

namespace Oaif.Benchmarks;

/// <summary>Median, fastest and slowest of the recorded runs, in seconds.</summary>
public sealed record BenchTiming(double Median, double Min, double Max, int Runs);

/// <summary>Times a piece of work: unrecorded warm-up runs, then the median of the recorded ones.</summary>
internal static class BenchClock
{
    public static BenchTiming Time(Action run, int warmups, int repeats)
    {
        for (int i = 0; i < warmups; i++) run();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        return Summarise(seconds);
    }

    public static async Task<BenchTiming> TimeAsync(Func<Task> run, int warmups, int repeats)
    {
        for (int i = 0; i < warmups; i++) await run();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        return Summarise(seconds);
    }

    public static BenchTiming Summarise(IReadOnlyList<double> seconds)
    {
        if (seconds.Count == 0) return new BenchTiming(double.NaN, double.NaN, double.NaN, 0);
        return new BenchTiming(Median(seconds), seconds.Min(), seconds.Max(), seconds.Count);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
