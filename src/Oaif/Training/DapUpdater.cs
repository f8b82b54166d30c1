using Oaif.Losses;
using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// The direct-alignment update shared by offline and online DAP: given preference pairs, score them
/// under π_ref and the policy, take the loss, backpropagate, and step the optimizer. Where the pairs
/// come from (a fixed dataset, or fresh samples judged by an annotator) is the caller's business.
/// </summary>
public sealed class DapUpdater : IBatchUpdater<PreferenceExample>
{
    readonly ICausalLanguageModel _policy;
    readonly ReferenceModel _reference;
    readonly IPreferenceLoss _loss;
    readonly ParameterUpdater _updater;
    readonly TrainerOptions _options;

    /// <summary>Creates the updater; it does not own its arguments.</summary>
    public DapUpdater(ICausalLanguageModel policy, ReferenceModel reference, IPreferenceLoss loss,
        ParameterUpdater updater, TrainerOptions options)
    {
        (_policy, _reference, _loss, _updater, _options) = (policy, reference, loss, updater, options);
    }

    /// <inheritdoc/>
    public (IReadOnlyDictionary<string, double> Metrics, long Tokens) Update(
        IReadOnlyList<PreferenceExample> batch, int step)
    {
        var sums = new PairMetricSums();
        foreach (var micro in batch.Chunk(_options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var pairs = Score(micro);
            var perPair = _loss.PerPairLoss(pairs);                     // [b]

            // loss: summing micro-batch sums / batch size gives the batch mean
            var loss = perPair.sum() / batch.Count;
            sums.Add(pairs, perPair, _loss.RewardBeta);
            if (sums.AllFinite) loss.backward();
        }

        // update
        var (_, gradNorm, lr) = _updater.Apply(step, sums.AllFinite);
        var metrics = sums.Means(MetricPrefix.None);
        metrics[MetricKeys.GradNorm] = gradNorm;
        metrics[MetricKeys.LearningRate] = lr;
        metrics[MetricKeys.SkippedSteps] = _updater.SkippedSteps;
        return (metrics, sums.Tokens);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<PreferenceExample> data)
    {
        var sums = new PairMetricSums();
        using var noGrad = no_grad();
        foreach (var micro in data.Chunk(_options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var pairs = Score(micro);
            sums.Add(pairs, _loss.PerPairLoss(pairs), _loss.RewardBeta);
        }
        return sums.Means(MetricPrefix.Eval);
    }

    /// <summary>Reference and policy log-probs of a micro-batch, as loss inputs (float32 [b]).</summary>
    PairLogProbs Score(PreferenceExample[] micro)
    {
        int b = micro.Length;
        var rows = micro.Select(e => (e.Prompt, e.Chosen)).Concat(micro.Select(e => (e.Prompt, e.Rejected)))
            .ToArray();

        // reference log-probs: precomputed when available, else one no-grad forward
        var (refChosen, refRejected) = ReferenceLogProbs(micro, rows);

        // policy forward: chosen and rejected rows in one batch
        var policy = ResponseLogProbs.Compute(_policy, rows, _options.Padding);
        var chosen = policy.Slice(0, b);
        var rejected = policy.Slice(b, b);
        return new PairLogProbs(chosen.Sum, rejected.Sum, refChosen, refRejected,
            chosen.TokenCount, rejected.TokenCount);
    }

    (Tensor Chosen, Tensor Rejected) ReferenceLogProbs(
        PreferenceExample[] micro, (long[] Prompt, long[] Response)[] rows)
    {
        if (micro.All(e => e.ReferenceChosen.HasValue && e.ReferenceRejected.HasValue))
            return (tensor(micro.Select(e => (float)e.ReferenceChosen!.Value).ToArray()),
                tensor(micro.Select(e => (float)e.ReferenceRejected!.Value).ToArray()));
        var scored = _reference.Score(rows, _options.Padding);
        return (scored.Sum.narrow(0, 0, micro.Length), scored.Sum.narrow(0, micro.Length, micro.Length));
    }

    /// <summary>
    /// Scores every example under π_ref once (offline data does not change), so steps skip the
    /// reference forward. Returns copies with <see cref="PreferenceExample.ReferenceChosen"/> set.
    /// </summary>
    public static PreferenceExample[] PrecomputeReference(
        ReferenceModel reference, IReadOnlyList<PreferenceExample> data, int batchSize, PaddingSide padding)
    {
        var result = new List<PreferenceExample>(data.Count);
        foreach (var micro in data.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            // All chosen rows, then all rejected rows: pair i's sums are at i and n + i.
            int n = micro.Length;
            var rows = micro.Select(e => (e.Prompt, e.Chosen))
                .Concat(micro.Select(e => (e.Prompt, e.Rejected))).ToArray();
            var sums = reference.Score(rows, padding).Sum                     // [2n]
                .to_type(ScalarType.Float64).data<double>().ToArray();
            for (int i = 0; i < n; i++)
                result.Add(micro[i] with { ReferenceChosen = sums[i], ReferenceRejected = sums[n + i] });
        }
        return result.ToArray();
    }
}
