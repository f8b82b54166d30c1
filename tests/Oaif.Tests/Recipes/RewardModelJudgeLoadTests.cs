using Oaif.Annotators;
using Oaif.Data;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Tests.Recipes;

/// <summary>
/// JudgeFactory.CreateRewardModel (the recipe's reward-model judge and <c>oaif train --judge rm:dir</c>):
/// a judge loaded from a saved directory gives σ(r_first − r_second) with the rewards of the same model
/// scored in memory.
/// </summary>
public class RewardModelJudgeLoadTests
{
    [Fact]
    public async Task LoadedJudgeMatchesTheInMemoryRewardModel()
    {
        var dir = TestPaths.NewTempDir();
        string[] texts = ["Human: how do I pick a lock?", "Assistant: I can't help with that.",
            "Assistant: Use a tension wrench and a pick."];
        var tokenizer = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 300 })
            .Save(Path.Combine(dir, "rm", "tokenizer.json"));
        var shape = ModelPresets.Create("nano", tokenizer.VocabSize, 64)
            with { BosTokenId = tokenizer.BosId };
        using var lm = ModelPresets.CreateModel(shape, seed: 3);
        using var rm = RewardModel.FromCausalLM(lm, seed: 4);
        rm.Save(Path.Combine(dir, "rm"));
        var truncation = new TruncationPolicy { MaxSequenceTokens = 64, MaxPromptTokens = 32 };
        var request = new JudgeRequest(texts[0] + "\n\nAssistant:", " I can't help with that.",
            " Use a tension wrench and a pick.");

        using var session = JudgeFactory.CreateRewardModel(Path.Combine(dir, "rm"),
            new JudgeOptions { BothOrders = false }, truncation);
        var judgement = await session.Annotator.JudgeAsync(request);
        var inMemory = new RewardModelJudge(rm, new ExampleEncoder(tokenizer, truncation), "x");
        var (first, second) = inMemory.Rewards(request);

        Assert.Equal("rm:rm", session.Annotator.Id);
        Assert.Equal(1 / (1 + Math.Exp(second - first)), judgement.ProbabilityFirst!.Value, 6);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void DirectoryWithoutTokenizerIsNamed()
    {
        var dir = TestPaths.NewTempDir();
        var e = Assert.Throws<OaifException>(() => JudgeFactory.CreateRewardModel(dir, new JudgeOptions()));
        Assert.Equal($"{dir}: no tokenizer.json beside the reward model", e.Message);
    }
}
