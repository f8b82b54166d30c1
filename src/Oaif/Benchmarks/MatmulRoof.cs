using static TorchSharp.torch;

namespace Oaif.Benchmarks;

/// <summary>
/// The roof: fp32 matmul GFLOP/s through libtorch at a few square sizes, the most any dense layer of
/// ours can reach on this machine with the current torch thread count.
/// </summary>
internal static class MatmulRoof
{
    // Each timed run does enough products for ~2 GFLOP, so small sizes are not timer noise.
    const double FlopsPerRun = 2e9;

    public static MatmulResult Measure(int size, BenchOptions options)
    {
        var load = MachineState.LoadAverage();
        double flops = 2.0 * size * size * size;
        int products = (int)Math.Max(1, Math.Ceiling(FlopsPerRun / flops));
        using var generator = new Generator(1);
        using var a = randn([size, size], generator: generator);   // [n, n]
        using var b = randn([size, size], generator: generator);   // [n, n]
        var timing = BenchClock.Time(() =>
        {
            for (int i = 0; i < products; i++) a.mm(b).Dispose();   // [n, n]
        }, options.Warmups, options.Repeats);
        return new MatmulResult(size, timing, products, products * flops / timing.Median / 1e9, load);
    }
}
