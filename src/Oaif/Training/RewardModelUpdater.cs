using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// One reward-model step over preference pairs: score chosen and rejected rows in one forward,
/// take the Bradley–Terry loss, backpropagate, step. Metrics use the DPO keys where the meaning is the
/// same (rewards/chosen, rewards/margins, rewards/accuracies), with raw rewards instead of β-scaled
/// log-ratios.
/// </summary>
public sealed class RewardModelUpdater : IBatchUpdater<PreferenceExample>
{
    readonly RewardModel _rm;
    readonly ParameterUpdater _updater;
    readonly TrainerOptions _options;

    /// <summary>Creates the updater; it does not own its arguments.</summary>
    public RewardModelUpdater(RewardModel rm, ParameterUpdater updater, TrainerOptions options)
    {
        (_rm, _updater, _options) = (rm, updater, options);
    }

    /// <inheritdoc/>
    public (IReadOnlyDictionary<string, double> Metrics, long Tokens) Update(
        IReadOnlyList<PreferenceExample> batch, int step)
    {
        var sums = new Sums();
        foreach (var micro in batch.Chunk(_options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var (chosen, rejected) = Score(micro);                       // [b], [b]
            var perPair = RewardModelLoss.PerPair(chosen, rejected);    // [b]

            // loss: summing micro-batch sums / batch size gives the batch mean
            var loss = perPair.sum() / batch.Count;
            sums.Add(chosen, rejected, perPair, micro);
            if (sums.AllFinite) loss.backward();
        }

        // update
        var (_, gradNorm, lr) = _updater.Apply(step, sums.AllFinite);
        var metrics = sums.Means("");
        metrics[MetricKeys.GradNorm] = gradNorm;
        metrics[MetricKeys.LearningRate] = lr;
        metrics[MetricKeys.SkippedSteps] = _updater.SkippedSteps;
        return (metrics, sums.Tokens);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<PreferenceExample> data)
    {
        var sums = new Sums();
        using var noGrad = no_grad();
        foreach (var micro in data.Chunk(_options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var (chosen, rejected) = Score(micro);
            sums.Add(chosen, rejected, RewardModelLoss.PerPair(chosen, rejected), micro);
        }
        return sums.Means("eval/");
    }

    (Tensor Chosen, Tensor Rejected) Score(PreferenceExample[] micro)
    {
        int b = micro.Length;
        var rows = micro.Select(e => (e.Prompt, e.Chosen)).Concat(micro.Select(e => (e.Prompt, e.Rejected)))
            .ToArray();
        var rewards = RewardModelScores.Compute(_rm, rows, _options.Padding); // [2b]
        return (rewards.narrow(0, 0, b), rewards.narrow(0, b, b));
    }

    /// <summary>Per-pair sums over micro-batches, reduced to means.</summary>
    sealed class Sums
    {
        int _pairs;
        double _loss, _chosen, _rejected, _correct;

        public long Tokens { get; private set; }
        public bool AllFinite { get; private set; } = true;

        public void Add(Tensor chosen, Tensor rejected, Tensor perPair, PreferenceExample[] micro)
        {
            using var noGrad = no_grad();
            double loss = Sum(perPair);
            AllFinite &= double.IsFinite(loss);
            _pairs += micro.Length;
            _loss += loss;
            _chosen += Sum(chosen);
            _rejected += Sum(rejected);
            _correct += Sum(chosen.gt(rejected));
            Tokens += micro.Sum(e => 2L * e.Prompt.Length + e.Chosen.Length + e.Rejected.Length);
        }

        public Dictionary<string, double> Means(string prefix)
        {
            double n = Math.Max(1, _pairs);
            return new Dictionary<string, double>
            {
                [prefix + MetricKeys.Loss] = _loss / n,
                [prefix + MetricKeys.RewardsChosen] = _chosen / n,
                [prefix + MetricKeys.RewardsRejected] = _rejected / n,
                [prefix + MetricKeys.RewardsMargins] = (_chosen - _rejected) / n,
                [prefix + MetricKeys.RewardsAccuracies] = _correct / n,
            };
        }

        static double Sum(Tensor t)
        {
            using var d = t.to_type(ScalarType.Float64).sum();
            return d.item<double>();
        }
    }
}
