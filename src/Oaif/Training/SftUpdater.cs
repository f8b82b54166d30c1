using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// Supervised fine-tuning step: mean over examples of the per-token mean negative log-likelihood of
/// the completion (the prompt is context only).
/// </summary>
public sealed class SftUpdater : IBatchUpdater<SftExample>
{
    readonly ICausalLanguageModel _policy;
    readonly ParameterUpdater _updater;
    readonly TrainerOptions _options;

    /// <summary>Creates the updater; it does not own its arguments.</summary>
    public SftUpdater(ICausalLanguageModel policy, ParameterUpdater updater, TrainerOptions options)
    {
        (_policy, _updater, _options) = (policy, updater, options);
    }

    /// <inheritdoc/>
    public (IReadOnlyDictionary<string, double> Metrics, long Tokens) Update(IReadOnlyList<SftExample> batch,
                                                                             int step)
    {
        double lossSum = 0, logpSum = 0;
        long tokens = 0;
        bool finite = true;
        foreach (var micro in batch.Chunk(_options.BatchSize))
        {
            using var scope = NewDisposeScope();

            // policy forward
            var scored = ResponseLogProbs.Compute(_policy, Rows(micro), _options.Padding);

            // loss: summing micro-batch sums / batch size gives the batch mean
            var perExample = -scored.Mean;                              // [b]
            var loss = perExample.sum() / batch.Count;
            double microLoss = Item(perExample.sum());
            finite &= double.IsFinite(microLoss);
            if (finite) loss.backward();
            lossSum += microLoss;
            logpSum += Item(scored.Sum.sum());
            tokens += (long)Item(scored.TokenCount.sum());
        }

        // update
        var (_, gradNorm, lr) = _updater.Apply(step, finite);
        return (new Dictionary<string, double>
        {
            [MetricKeys.Loss] = lossSum / batch.Count,
            ["logps/completion"] = logpSum / batch.Count,
            [MetricKeys.GradNorm] = gradNorm,
            [MetricKeys.LearningRate] = lr,
            [MetricKeys.SkippedSteps] = _updater.SkippedSteps,
        }, tokens);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<SftExample> data)
    {
        double lossSum = 0;
        using var noGrad = no_grad();
        foreach (var micro in data.Chunk(_options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var scored = ResponseLogProbs.Compute(_policy, Rows(micro), _options.Padding);
            lossSum += Item((-scored.Mean).sum());
        }
        double meanLoss = lossSum / Math.Max(1, data.Count);
        return new Dictionary<string, double> { ["eval/" + MetricKeys.Loss] = meanLoss };
    }

    static (long[] Prompt, long[] Response)[] Rows(SftExample[] micro) =>
        micro.Select(e => (e.Prompt, e.Completion)).ToArray();

    static double Item(Tensor t)
    {
        using var d = t.to_type(ScalarType.Float64);
        return d.item<double>();
    }
}
