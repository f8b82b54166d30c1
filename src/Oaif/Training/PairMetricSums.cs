using Oaif.Losses;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>Whether metric keys are bare (training steps) or carry an "eval/" prefix.</summary>
internal enum MetricPrefix { None, Eval }

/// <summary>Running sums of per-pair metrics over micro-batches, reduced to means at the end.</summary>
internal sealed class PairMetricSums
{
    int _pairs;
    double _loss, _chosenReward, _rejectedReward, _accuracy, _chosenLogp, _rejectedLogp;

    /// <summary>Response tokens scored by the policy (chosen + rejected).</summary>
    public long Tokens { get; private set; }

    /// <summary>False once any pair's loss was NaN/Inf.</summary>
    public bool AllFinite { get; private set; } = true;

    /// <summary>Adds a micro-batch's pairs and per-pair losses [b].</summary>
    public void Add(PairLogProbs x, Tensor perPairLoss, double beta)
    {
        using var noGrad = no_grad();
        double loss = Sum(perPairLoss);
        AllFinite &= double.IsFinite(loss);
        var chosen = x.ChosenReward(beta);
        var rejected = x.RejectedReward(beta);
        _pairs += (int)perPairLoss.shape[0];
        _loss += loss;
        _chosenReward += Sum(chosen);
        _rejectedReward += Sum(rejected);
        _accuracy += Sum(chosen.gt(rejected));
        _chosenLogp += Sum(x.PolicyChosen);
        _rejectedLogp += Sum(x.PolicyRejected);
        Tokens += (long)(Sum(x.ChosenTokens) + Sum(x.RejectedTokens));
    }

    /// <summary>Mean of each metric over all pairs added, under the fixed keys.</summary>
    public Dictionary<string, double> Means(MetricPrefix prefix)
    {
        string p = prefix == MetricPrefix.Eval ? "eval/" : "";
        double n = Math.Max(1, _pairs);
        return new Dictionary<string, double>
        {
            [p + MetricKeys.Loss] = _loss / n,
            [p + MetricKeys.RewardsChosen] = _chosenReward / n,
            [p + MetricKeys.RewardsRejected] = _rejectedReward / n,
            [p + MetricKeys.RewardsMargins] = (_chosenReward - _rejectedReward) / n,
            [p + MetricKeys.RewardsAccuracies] = _accuracy / n,
            [p + MetricKeys.LogpsChosen] = _chosenLogp / n,
            [p + MetricKeys.LogpsRejected] = _rejectedLogp / n,
        };
    }

    static double Sum(Tensor t)
    {
        using var s = t.to_type(ScalarType.Float64).sum();
        return s.item<double>();
    }
}
