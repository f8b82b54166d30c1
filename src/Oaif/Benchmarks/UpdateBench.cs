using Oaif.Losses;
using Oaif.Model;
using Oaif.Training;

namespace Oaif.Benchmarks;

/// <summary>
/// One DAP update through <see cref="DapUpdater"/> (the code the trainers run): a frozen reference
/// copy scores chosen and rejected rows without gradients, the policy scores them with gradients, DPO
/// loss, backward, gradient clipping and AdamW. Rows are random ids of equal length (no padding);
/// a quarter of each row is prompt, the rest response.
/// </summary>
internal static class UpdateBench
{
    public static UpdateResult Measure(string preset, int sequence, double roofGflops, BenchOptions options)
    {
        var load = MachineState.LoadAverage();
        var shape = ModelPresets.Create(preset, options.VocabSize, sequence);
        using var policy = ModelPresets.CreateModel(shape, seed: 1);
        using var reference = ReferenceModel.CopyOf(policy);
        var config = Config(options.UpdatePairs);
        using var optimizer = new ParameterUpdater(policy, config, totalSteps: 1_000_000);
        var updater = new DapUpdater(policy, reference, LossFactory.Create(config.Loss), optimizer,
            config.Trainer);
        var batch = Pairs(options.UpdatePairs, sequence, options.VocabSize);
        int step = 0;
        var timing = BenchClock.Time(() => updater.Update(batch, ++step), options.Warmups, options.Repeats);

        long n = ModelPresets.ParameterCount(shape);
        long tokens = 2L * options.UpdatePairs * sequence;
        double flops = Flops(shape, n, sequence, tokens);
        double gflops = flops / timing.Median / 1e9;
        return new UpdateResult(preset, n, sequence, options.UpdatePairs, tokens, timing,
            tokens / timing.Median, gflops, gflops / roofGflops, load);
    }

    /// <summary>See <see cref="BenchReport.FlopFormula"/>.</summary>
    public static double Flops(LlamaConfig c, long parameters, int sequence, long tokens)
    {
        double dense = 8.0 * parameters * tokens;
        double attention = 16.0 * c.NumHiddenLayers * c.HiddenSize * (double)sequence * tokens;
        return dense + attention;
    }

    static TrainingConfig Config(int pairs) => new()
    {
        Trainer = new TrainerOptions { LearningRate = 1e-5, WarmupSteps = 0, BatchSize = pairs },
        Loss = new LossOptions { Type = "dpo", Beta = 0.1 },
    };

    static Training.PreferenceExample[] Pairs(int count, int sequence, int vocab)
    {
        var rng = new Random(7);
        int prompt = Math.Max(1, sequence / 4);
        long[] Ids(int length) => Enumerable.Range(0, length).Select(_ => (long)rng.Next(3, vocab)).ToArray();
        return Enumerable.Range(0, count)
            .Select(_ => new Training.PreferenceExample(Ids(prompt), Ids(sequence - prompt),
                Ids(sequence - prompt)))
            .ToArray();
    }
}
