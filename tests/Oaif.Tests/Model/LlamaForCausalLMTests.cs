using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Tests.Model;

public class LlamaForCausalLMTests
{
    [Theory]
    [MemberData(nameof(Llama2cFixture.Names), MemberType = typeof(Llama2cFixture))]
    public void FullForwardMatchesReferenceLogitsAndArgmax(string name)
    {
        var fixture = new Llama2cFixture(name);
        using var model = ModelLoader.Load(fixture.CheckpointPath);
        AssertMatchesFixture(model, fixture);
    }

    /// <summary>One forward over BOS + greedy ids: each position's argmax must be the next greedy id,
    /// and positions 0-3 must equal the C reference logits.</summary>
    internal static void AssertMatchesFixture(LlamaForCausalLM model, Llama2cFixture fixture)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int length = fixture.GreedyIds.Length;
        var input = tensor(fixture.InputSequence(length), [1, length]);
        var logits = model.Forward(input);                            // [1, T, V]
        var argmax = logits.argmax(-1)[0].data<long>().ToArray();
        Assert.Equal(fixture.GreedyIds, argmax.Select(i => (int)i).ToArray());
        for (int p = 0; p < 4; p++)
        {
            var expected = tensor(fixture.LogitsByPosition[p]);
            var maxDiff = (logits[0, p] - expected).abs().max().item<float>();
            Assert.True(maxDiff <= 1e-4, $"position {p}: max |diff| {maxDiff}");
        }
    }
}
