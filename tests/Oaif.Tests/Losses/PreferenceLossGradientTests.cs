using Oaif.Losses;
using static TorchSharp.torch;

namespace Oaif.Tests.Losses;

/// <summary>Autograd gradients of each loss against central finite differences in float64.</summary>
public class PreferenceLossGradientTests
{
    public static TheoryData<string> Losses =>
        ["dpo", "dpo-smooth", "dpo-robust", "ipo", "slic", "hinge", "sum"];

    static IPreferenceLoss Make(string name) => name switch
    {
        "dpo" => new DpoLoss(0.3),
        "dpo-smooth" => new DpoLoss(0.3, 0.1),
        "dpo-robust" => new DpoLoss(0.3, 0.1, Robust: true),
        "ipo" => new IpoLoss(0.5),
        "slic" => new SlicLoss(0.2, 1.0, SftWeight: 0.5),
        "hinge" => new HingeLoss(0.2),
        _ => new WeightedSumLoss((1.0, new IpoLoss(0.5)), (0.25, new SftLoss())),
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        using var scope = NewDisposeScope();
        var loss = Make(name);
        var x = PreferenceLossTests.Inputs(requiresGrad: true);
        loss.PerPairLoss(x).sum().backward();
        var analytic = x.PolicyChosen.grad!.data<double>().ToArray()
            .Concat(x.PolicyRejected.grad!.data<double>().ToArray()).ToArray();

        const double h = 1e-6;
        var numeric = new double[analytic.Length];
        for (int k = 0; k < analytic.Length; k++)
            numeric[k] = (Total(loss, k, h) - Total(loss, k, -h)) / (2 * h);
        for (int k = 0; k < analytic.Length; k++) Assert.Equal(numeric[k], analytic[k], 1e-6);
    }

    // The summed loss with policy input k (chosen entries first, then rejected) shifted by dx.
    static double Total(IPreferenceLoss loss, int k, double dx)
    {
        using var noGrad = no_grad();
        var x = PreferenceLossTests.Inputs();
        var target = k < 3 ? x.PolicyChosen : x.PolicyRejected;
        target[k % 3] = target[k % 3] + dx;
        return loss.PerPairLoss(x).sum().item<double>();
    }
}
