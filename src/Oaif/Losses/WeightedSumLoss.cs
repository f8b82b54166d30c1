using static TorchSharp.torch;

namespace Oaif.Losses;

/// <summary>
/// Σᵢ wᵢ·Lᵢ per pair, e.g. DPO plus a small SFT term. Rewards use the first term's β.
/// </summary>
public sealed class WeightedSumLoss : IPreferenceLoss
{
    readonly (double Weight, IPreferenceLoss Loss)[] _terms;

    /// <summary>Creates the sum; at least one term is required.</summary>
    public WeightedSumLoss(params (double Weight, IPreferenceLoss Loss)[] terms)
    {
        if (terms.Length == 0) throw new ArgumentException("a weighted sum needs at least one term");
        _terms = terms;
    }

    /// <summary>The weighted terms, in order.</summary>
    public IReadOnlyList<(double Weight, IPreferenceLoss Loss)> Terms => _terms;

    /// <inheritdoc/>
    public string Name => string.Join("+", _terms.Select(t => $"{t.Weight:G4}*{t.Loss.Name}"));

    /// <inheritdoc/>
    public double RewardBeta => _terms[0].Loss.RewardBeta;

    /// <inheritdoc/>
    public Tensor PerPairLoss(PairLogProbs x)
    {
        Tensor total = _terms[0].Weight * _terms[0].Loss.PerPairLoss(x);
        for (int i = 1; i < _terms.Length; i++)
            total = total + _terms[i].Weight * _terms[i].Loss.PerPairLoss(x);
        return total;
    }
}
