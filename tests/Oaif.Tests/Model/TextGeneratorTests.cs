using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Tests.Model;

public class TextGeneratorTests
{
    static readonly GenerationOptions Greedy = new() { Temperature = 0, StopTokenIds = [] };

    [Theory]
    [MemberData(nameof(Llama2cFixture.Names), MemberType = typeof(Llama2cFixture))]
    public void GreedyDecodingWithCacheReproducesReference(string name)
    {
        var fixture = new Llama2cFixture(name);
        using var model = ModelLoader.Load(fixture.CheckpointPath);
        var options = Greedy with { MaxNewTokens = fixture.GreedyIds.Length };
        var result = new TextGenerator(model).Generate([[fixture.BosId]], options).Single();
        Assert.Equal(fixture.GreedyIds, result.TokenIds);
        Assert.False(result.EndedWithEos);
    }

    [Fact]
    public void BatchOfDifferentLengthsDecodesLikeEachPromptAlone()
    {
        using var model = ModelLoader.Load(new Llama2cFixture("gqa_untied").CheckpointPath);
        int[][] prompts = [[1, 94, 69], [1], [1, 5, 6, 7, 8, 9, 10], [1, 300, 301, 302]];
        var generator = new TextGenerator(model);
        var options = Greedy with { MaxNewTokens = 20, ReturnLogProbs = true };
        var batched = generator.Generate(prompts, options);
        for (int i = 0; i < prompts.Length; i++)
        {
            var alone = generator.Generate([prompts[i]], options).Single();
            Assert.Equal(alone.TokenIds, batched[i].TokenIds);
            for (int t = 0; t < alone.LogProbs!.Length; t++)
                Assert.InRange(batched[i].LogProbs![t] - alone.LogProbs[t], -1e-4f, 1e-4f);
        }
    }

    [Fact]
    public void RowStopsAtItsStopTokenAndOthersContinue()
    {
        using var model = ModelLoader.Load(new Llama2cFixture("gqa_untied").CheckpointPath);
        var fixture = new Llama2cFixture("gqa_untied");
        // The reference greedy run emits id 2 at index 27; a second row starts elsewhere.
        int firstTwo = Array.IndexOf(fixture.GreedyIds, 2);
        var options = Greedy with { MaxNewTokens = 40, StopTokenIds = [2] };
        var rows = new TextGenerator(model).Generate([[1], [1, 7, 7, 7]], options);
        Assert.Equal(fixture.GreedyIds.Take(firstTwo + 1), rows[0].TokenIds);
        Assert.True(rows[0].EndedWithEos);
        var alone = new TextGenerator(model).Generate([[1, 7, 7, 7]], options).Single();
        Assert.Equal(alone.TokenIds, rows[1].TokenIds);
    }

    [Fact]
    public void LogProbsEqualFullForwardLogSoftmax()
    {
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        int[] prompt = [5, 9, 11];
        var options = new GenerationOptions
        {
            Temperature = 0.8, Seed = 3, MaxNewTokens = 6, StopTokenIds = [], ReturnLogProbs = true,
        };
        var row = new TextGenerator(model).Generate([prompt], options).Single();
        using var scope = NewDisposeScope();
        var all = prompt.Concat(row.TokenIds).Select(i => (long)i).ToArray();
        var logProbs = model.Forward(tensor(all, [1, all.Length])).log_softmax(-1)[0]; // [T, V]
        for (int t = 0; t < row.TokenIds.Length; t++)
        {
            float expected = logProbs[prompt.Length - 1 + t, row.TokenIds[t]].item<float>();
            Assert.InRange(row.LogProbs![t] - expected, -1e-5f, 1e-5f);
        }
    }

    [Fact]
    public void SeededSamplingIsReproducibleAndTopKOneIsGreedy()
    {
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        var generator = new TextGenerator(model);
        int[][] prompts = [[5, 9], [7]];
        var sampled = new GenerationOptions
        {
            Temperature = 1.5, Seed = 42, MaxNewTokens = 12, StopTokenIds = [],
        };
        var first = generator.Generate(prompts, sampled);
        var second = generator.Generate(prompts, sampled);
        Assert.Equal(first.Select(r => r.TokenIds), second.Select(r => r.TokenIds));
        var other = generator.Generate(prompts, sampled with { Seed = 43 });
        Assert.NotEqual(first.Select(r => r.TokenIds), other.Select(r => r.TokenIds));

        var greedy = generator.Generate(prompts, Greedy with { MaxNewTokens = 12 });
        var topK1 = generator.Generate(prompts, sampled with { TopK = 1 });
        var tinyTopP = generator.Generate(prompts, sampled with { TopP = 1e-6 });
        Assert.Equal(greedy.Select(r => r.TokenIds), topK1.Select(r => r.TokenIds));
        Assert.Equal(greedy.Select(r => r.TokenIds), tinyTopP.Select(r => r.TokenIds));
    }

    [Fact]
    public void TopKNeverPicksOutsideTheKMostLikely()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0, 5, 1, 4, 2, 3 }).repeat(2000, 1); // [2000, 6]
        var options = new GenerationOptions { Temperature = 5, TopK = 2, Seed = 1 };
        using var sampler = new TokenSampler(options, CPU);
        var picked = sampler.Pick(logits).data<long>().ToArray();
        Assert.All(picked, id => Assert.Contains(id, new long[] { 1, 3 }));
        Assert.Contains(1L, picked);
        Assert.Contains(3L, picked);
    }
}
