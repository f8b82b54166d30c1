using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Tests.Model;

public class InitializeWeightsTests
{
    [Fact]
    public void FreshModelStartsNearTheUniformLoss()
    {
        manual_seed(3);
        var config = new LlamaConfig
        {
            HiddenSize = 64, IntermediateSize = 160, NumHiddenLayers = 2, NumAttentionHeads = 4,
            VocabSize = 512, TieWordEmbeddings = true,
        };
        using var model = new LlamaForCausalLM(config);
        model.InitializeWeights();
        using var scope = NewDisposeScope();
        var ids = randint(0, 512, new long[] { 4, 32 }, dtype: ScalarType.Int64);
        var logits = model.Forward(ids);                                   // [4, 32, 512]
        double loss = nn.functional.cross_entropy(logits.reshape(-1, 512), randint(0, 512, new long[] { 128 },
            dtype: ScalarType.Int64)).item<float>();
        // Small weights make every next token nearly equally likely: the loss is close to ln(512) = 6.238.
        Assert.InRange(loss, Math.Log(512) - 0.05, Math.Log(512) + 0.05);
        Assert.All(model.named_parameters().Where(p => p.name.EndsWith("norm.weight")),
            p => Assert.Equal(1f, p.parameter.mean().item<float>()));
    }
}
