using Oaif.Tests.Support;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

public class ResponseLogProbsTests
{
    static readonly (long[] Prompt, long[] Response)[] Rows =
    [
        ([1, 5, 7], [3, 4]),
        ([2], [9, 8, 7, 6]),
        ([4, 4, 4, 4, 4, 3], [1]),
        ([], [5, 6, 2]),
    ];

    [Theory]
    [InlineData(PaddingSide.Left)]
    [InlineData(PaddingSide.Right)]
    public void PaddingAndBatchCompanyDoNotChangeLogProbs(PaddingSide side)
    {
        using var scope = NewDisposeScope();
        using var model = new TinyCausalLm(12, seed: 3);
        using var noGrad = no_grad();
        var batched = ResponseLogProbs.Compute(model, Rows, side);
        for (int i = 0; i < Rows.Length; i++)
        {
            var alone = ResponseLogProbs.Compute(model, [Rows[i]], side);
            Assert.Equal(alone.Sum.item<float>(), batched.Sum[i].item<float>(), 1e-5);
            Assert.Equal(alone.Mean.item<float>(), batched.Mean[i].item<float>(), 1e-5);
        }
    }

    [Fact]
    public void LongerPromptContextOnlyMovesScoresThroughTheModel()
    {
        // Same rows, one with a longer prompt in the batch: the other rows must not move.
        using var scope = NewDisposeScope();
        using var model = new TinyCausalLm(12, seed: 4);
        using var noGrad = no_grad();
        var before = ResponseLogProbs.Compute(model, Rows).Sum.data<float>().ToArray();
        var changed = Rows.ToArray();
        changed[2] = ([.. Enumerable.Repeat(7L, 12), 4, 3], [1]);
        var after = ResponseLogProbs.Compute(model, changed).Sum.data<float>().ToArray();
        foreach (int i in new[] { 0, 1, 3 }) Assert.Equal(before[i], after[i], 1e-5);
    }

    [Fact]
    public void SumsOnlyResponseTokensOfAnIndependentLogSoftmax()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyCausalLm(12, seed: 5);
        using var noGrad = no_grad();
        var (prompt, response) = Rows[0];
        long[] ids = [.. prompt, .. response];
        var logits = model.Forward(tensor(ids).unsqueeze(0))[0].to_type(ScalarType.Float64); // [T, V]
        double expected = 0;
        for (int t = prompt.Length; t < ids.Length; t++)
        {
            var row = logits[t - 1].data<double>().ToArray();
            double logNorm = Math.Log(row.Sum(Math.Exp));
            expected += row[ids[t]] - logNorm;
        }
        var got = ResponseLogProbs.Compute(model, [Rows[0]]);
        Assert.Equal(expected, got.Sum.item<float>(), 1e-5);
        Assert.Equal(2f, got.TokenCount.item<float>());
        Assert.Equal(expected / 2, got.Mean.item<float>(), 1e-5);
    }
}
