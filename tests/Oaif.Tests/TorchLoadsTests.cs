using static TorchSharp.torch;

namespace Oaif.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void MatmulAndAutogradWork()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2).requires_grad_(true);
        var loss = a.matmul(a).sum();
        loss.backward();
        // d/da sum(A·A) = 1·Aᵀ + Aᵀ·1 : each entry is the row sum of Aᵀ plus the column sum of Aᵀ.
        var expected = new float[] { 7, 11, 9, 13 };
        Assert.Equal(expected, a.grad!.data<float>().ToArray());
    }
}
