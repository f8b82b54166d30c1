using Oaif.Losses;
using static TorchSharp.torch;

namespace Oaif.Tests.Losses;

/// <summary>Every loss against float64 values computed here by hand with Math.Log/Math.Exp.</summary>
public class PreferenceLossTests
{
    // Rows: policy chosen, policy rejected, reference chosen, reference rejected, chosen/rejected lengths.
    static readonly double[] Pc = [-5.0, -12.25, -3.5], Pr = [-7.5, -11.0, -9.0];
    static readonly double[] Rc = [-6.0, -12.0, -4.0], Rr = [-6.5, -12.5, -8.0];
    static readonly double[] Lc = [4, 7, 2], Lr = [5, 6, 3];

    static double Delta(int i) => (Pc[i] - Rc[i]) - (Pr[i] - Rr[i]);
    static double LogSigmoid(double z) => -Math.Log(1 + Math.Exp(-z));

    internal static PairLogProbs Inputs(bool requiresGrad = false) => new(
        tensor(Pc, ScalarType.Float64).requires_grad_(requiresGrad),
        tensor(Pr, ScalarType.Float64).requires_grad_(requiresGrad),
        tensor(Rc, ScalarType.Float64), tensor(Rr, ScalarType.Float64),
        tensor(Lc, ScalarType.Float64), tensor(Lr, ScalarType.Float64));

    static void AssertMatches(IPreferenceLoss loss, Func<int, double> expected)
    {
        using var scope = NewDisposeScope();
        var actual = loss.PerPairLoss(Inputs()).data<double>().ToArray();
        for (int i = 0; i < Pc.Length; i++) Assert.Equal(expected(i), actual[i], 1e-9);
    }

    [Fact]
    public void DpoIsMinusLogSigmoidOfBetaDelta() =>
        AssertMatches(new DpoLoss(0.1), i => -LogSigmoid(0.1 * Delta(i)));

    [Fact]
    public void ConservativeDpoMixesBothLabels() =>
        AssertMatches(new DpoLoss(0.5, 0.2),
            i => -0.8 * LogSigmoid(0.5 * Delta(i)) - 0.2 * LogSigmoid(-0.5 * Delta(i)));

    [Fact]
    public void RobustDpoMatchesItsFormula() =>
        AssertMatches(new DpoLoss(0.5, 0.2, Robust: true),
            i => (-0.8 * LogSigmoid(0.5 * Delta(i)) + 0.2 * LogSigmoid(-0.5 * Delta(i))) / 0.6);

    [Fact]
    public void LabelSmoothingZeroIsPlainDpo()
    {
        AssertMatches(new DpoLoss(0.3, 0), i => -LogSigmoid(0.3 * Delta(i)));
        AssertMatches(new DpoLoss(0.3, 0, Robust: true), i => -LogSigmoid(0.3 * Delta(i)));
    }

    [Fact]
    public void IpoIsSquaredGapToHalfInverseBeta() =>
        AssertMatches(new IpoLoss(1.0), i => Math.Pow(Delta(i) - 0.5, 2));

    [Fact]
    public void LengthNormalisedIpoUsesMeans() =>
        AssertMatches(new IpoLoss(0.25, LengthNormalised: true), i =>
            Math.Pow((Pc[i] - Rc[i]) / Lc[i] - (Pr[i] - Rr[i]) / Lr[i] - 2.0, 2));

    [Fact]
    public void SlicIsHingeOnScaledDeltaPlusSftTerm()
    {
        AssertMatches(new SlicLoss(0.4, 1.0), i => Math.Max(0, 1.0 - 0.4 * Delta(i)));
        AssertMatches(new SlicLoss(0.4, 1.0, SftWeight: 0.3, SftLengthNormalised: true),
            i => Math.Max(0, 1.0 - 0.4 * Delta(i)) + 0.3 * (-Pc[i] / Lc[i]));
    }

    [Fact]
    public void HingeIsOneMinusBetaDelta() =>
        AssertMatches(new HingeLoss(0.7), i => Math.Max(0, 1 - 0.7 * Delta(i)));

    [Fact]
    public void SftAndWeightedSumMatch()
    {
        AssertMatches(new SftLoss(LengthNormalised: false), i => -Pc[i]);
        AssertMatches(new WeightedSumLoss((1.0, new DpoLoss(0.1)), (0.5, new SftLoss())),
            i => -LogSigmoid(0.1 * Delta(i)) + 0.5 * (-Pc[i] / Lc[i]));
    }

    [Fact]
    public void IpoMinimumIsAtHalfInverseBeta()
    {
        const double beta = 0.2;
        using var scope = NewDisposeScope();
        double Loss(double delta) => new IpoLoss(beta).PerPairLoss(new PairLogProbs(
            tensor(new[] { delta }), tensor(new[] { 0.0 }), tensor(new[] { 0.0 }), tensor(new[] { 0.0 }),
            tensor(new[] { 1.0 }), tensor(new[] { 1.0 }))).item<double>();
        double best = 1 / (2 * beta);
        Assert.Equal(0, Loss(best), 12);
        Assert.True(Loss(best - 0.01) > 0 && Loss(best + 0.01) > 0);
    }

    [Fact]
    public void FactoryUsesPaperDefaultsAndRejectsUnknownNames()
    {
        Assert.Equal(0.1, LossFactory.Create(new LossOptions { Type = "dpo" }).RewardBeta);
        Assert.Equal(1.0, LossFactory.Create(new LossOptions { Type = "ipo" }).RewardBeta);
        Assert.Equal(0.002, LossFactory.Create(new LossOptions { Type = "slic" }).RewardBeta);
        var e = Assert.Throws<OaifException>(() => LossFactory.Create(new LossOptions { Type = "dop" }));
        Assert.Contains("loss.type", e.Message);
    }
}
