using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Tests.Model;

public class KvCacheAndPaddingTests
{
    [Theory]
    [MemberData(nameof(Llama2cFixture.Names), MemberType = typeof(Llama2cFixture))]
    public void IncrementalLogitsEqualFullForward(string name)
    {
        // In float64, so that the only possible difference is the cache logic: in float32 a [1, C] and a
        // [T, C] matmul already differ by ~1e-5 on these logits (different kernels sum in another order).
        var fixture = new Llama2cFixture(name);
        using var model = ModelLoader.Load(fixture.CheckpointPath, CPU, ScalarType.Float64);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        const int length = 24, prefill = 9;
        var ids = tensor(fixture.InputSequence(length), [1, length]);
        var full = model.Forward(ids);                                            // [1, T, V]
        using var cache = model.NewCache(1, length);
        var pieces = new List<Tensor> { model.Forward(ids.narrow(1, 0, prefill), null, cache) };
        for (int t = prefill; t < length; t++) pieces.Add(model.Forward(ids.narrow(1, t, 1), null, cache));
        var incremental = cat(pieces, 1);
        float diff = TinyModels.MaxAbsDiff(full, incremental);
        Assert.True(diff <= 1e-5f, $"max |full - incremental| = {diff}");
    }

    [Fact]
    public void LeftPaddedBatchGivesEachPromptItsOwnLogits()
    {
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long[][] prompts = [[5, 9, 11], [7], [1, 2, 3, 4, 5, 6], [60, 61, 62, 63]];
        int width = prompts.Max(p => p.Length);
        var ids = zeros(prompts.Length, width, dtype: ScalarType.Int64);
        var mask = zeros(prompts.Length, width, dtype: ScalarType.Int64);
        for (int r = 0; r < prompts.Length; r++)
        {
            int offset = width - prompts[r].Length;
            ids[r].narrow(0, offset, prompts[r].Length).copy_(tensor(prompts[r]));
            mask[r].narrow(0, offset, prompts[r].Length).fill_(1);
        }
        var batched = model.Forward(ids, mask);                                     // [B, W, V]
        for (int r = 0; r < prompts.Length; r++)
        {
            var alone = model.Forward(tensor(prompts[r], [1, prompts[r].Length]))[0]; // [T, V]
            var real = batched[r].narrow(0, width - prompts[r].Length, prompts[r].Length);
            Assert.False(batched[r].isnan().any().item<bool>(), "padding rows must not produce NaN");
            Assert.True(TinyModels.MaxAbsDiff(alone, real) <= 1e-5f, $"row {r}");
        }
    }

    [Fact]
    public void CloneIsIndependentDeepCopy()
    {
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        using var copy = (LlamaForCausalLM)model.Clone();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 3, 4, 5 }, [1, 3]);
        Assert.Equal(0f, TinyModels.MaxAbsDiff(model.Forward(ids), copy.Forward(ids)));
        using (no_grad()) copy.model.norm.weight.mul_(2);
        Assert.NotEqual(0f, TinyModels.MaxAbsDiff(model.Forward(ids), copy.Forward(ids)));
    }

    [Fact]
    public void GradientsReachEveryParameterThroughAPaddedBatch()
    {
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        model.train();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 0, 5, 6, 7, 8, 9 }, [2, 3]);
        var mask = tensor(new long[] { 0, 1, 1, 1, 1, 1 }, [2, 3]);
        var logits = model.Forward(ids, mask);                                        // [2, 3, V]
        logits.log_softmax(-1).mean().backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.NotNull(p.grad);
            Assert.True(p.grad!.isfinite().all().item<bool>(), name);
            Assert.True(p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
        }
    }
}
