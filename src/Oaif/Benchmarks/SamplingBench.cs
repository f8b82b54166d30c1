using Oaif.Model;

namespace Oaif.Benchmarks;

/// <summary>
/// Sampling with the KV cache (<see cref="TextGenerator"/>, temperature 1, log-probs returned as the
/// online sampler asks): every row decodes exactly the given number of new tokens (no stop ids).
/// </summary>
internal static class SamplingBench
{
    const int PromptTokens = 16;

    public static List<SamplingResult> Measure(BenchOptions options)
    {
        var shape = ModelPresets.Create(options.SamplingPreset, options.VocabSize,
            PromptTokens + options.SamplingNewTokens);
        using var model = ModelPresets.CreateModel(shape, seed: 2);
        long n = ModelPresets.ParameterCount(shape);
        var generator = new TextGenerator(model);
        var generation = new GenerationOptions
        {
            MaxNewTokens = options.SamplingNewTokens, Temperature = 1, Seed = 3, StopTokenIds = [],
            ReturnLogProbs = true,
        };
        var rng = new Random(4);
        var results = new List<SamplingResult>();
        foreach (int batch in options.SamplingBatches)
        {
            var load = MachineState.LoadAverage();
            var prompts = Enumerable.Range(0, batch)
                .Select(_ => Enumerable.Range(0, PromptTokens).Select(_ => rng.Next(3, options.VocabSize))
                    .ToArray())
                .ToArray();
            var timing = BenchClock.Time(() => generator.Generate(prompts, generation), options.Warmups,
                options.Repeats);
            double tokens = (double)batch * options.SamplingNewTokens;
            results.Add(new SamplingResult(options.SamplingPreset, n, batch, options.SamplingNewTokens,
                timing, tokens / timing.Median, load));
        }
        return results;
    }
}
