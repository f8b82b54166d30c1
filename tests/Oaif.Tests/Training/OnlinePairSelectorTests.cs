using Oaif.Annotators;
using Oaif.Training;

namespace Oaif.Tests.Training;

public class OnlinePairSelectorTests
{
    static SampledResponse R(string text, bool ended = true) => new([1], text, ended, 0);

    static OnlineComparison C(int prompt, int i, int j, Judgement j2, bool byRule = false) =>
        new(prompt, i, j, AnnotatedPair.From(new JudgeRequest("p", "a", "b"), j2, "test", 1), byRule);

    [Fact]
    public void ThreeSamplesPickMostAndFewestWinsAndAllTiesGiveNoPair()
    {
        var samples = new[] { new PromptSamples("p", [1], [R("a"), R("b"), R("c")]),
                              new PromptSamples("q", [1], [R("a"), R("b"), R("c")]) };
        var win = (Func<double, Judgement>)(p => Judgement.FromProbability(p));
        // prompt 0: 1 beats 0, 1 beats 2, 2 ties 0 -> wins 0.5, 2, 0.5 -> chosen 1, rejected 0 (lowest index)
        // prompt 1: all ties or invalid -> no pair
        var comparisons = new[]
        {
            C(0, 0, 1, win(0)), C(0, 0, 2, win(0.5)), C(0, 1, 2, win(1)),
            C(1, 0, 1, win(0.5)), C(1, 0, 2, Judgement.Invalid("x")), C(1, 1, 2, win(0.5)),
        };
        Assert.Equal([(0, 1, 0)], OnlinePairSelector.Select(samples, comparisons));
    }

    [Fact]
    public async Task MissingEosRuleDecidesWithoutTheAnnotatorOnlyWhenExactlyOneEnded()
    {
        int calls = 0;
        var judge = new DelegateAnnotator("second", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(Judgement.FromProbability(0));
        });
        var samples = new[]
        {
            new PromptSamples("p", [1], [R("cut", ended: false), R("ended")]),
            new PromptSamples("q", [1], [R("one"), R("two")]),
        };
        var result = await new OnlineAnnotation(judge, MissingEosPenalty.PreferEnded)
            .JudgeAsync(samples, 1, CancellationToken.None);
        Assert.Equal(1, calls);
        Assert.True(result[0].DecidedByEosRule);
        Assert.Equal(Verdict.Second, result[0].Record.Verdict);
        Assert.Equal(OnlineAnnotation.EosRuleId, result[0].Record.Annotator);
        Assert.False(result[1].DecidedByEosRule);

        var off = await new OnlineAnnotation(judge, MissingEosPenalty.Off).JudgeAsync(samples, 1, default);
        Assert.Equal(3, calls);
        Assert.DoesNotContain(off, c => c.DecidedByEosRule);
    }

    [Fact]
    public void OnlineConfigSectionParsesAndRejectsUnknownKeys()
    {
        var config = ConfigLoader.Parse(
            "online:\n  samples_per_prompt: 4\n  missing_eos_penalty: prefer_ended\n",
            "run.yaml");
        Assert.Equal(4, config.Online.SamplesPerPrompt);
        Assert.Equal(MissingEosPenalty.PreferEnded, config.Online.MissingEosPenalty);
        Assert.Equal(0.9, config.Online.Temperature);
        var e = Assert.Throws<OaifException>(() => ConfigLoader.Parse("online:\n  samples: 4\n", "run.yaml"));
        Assert.Equal("run.yaml: unknown key 'online.samples'", e.Message);
        e = Assert.Throws<OaifException>(() =>
            ConfigLoader.Parse("online:\n  samples_per_prompt: 1\n", "run.yaml"));
        Assert.Contains("'online.samples_per_prompt' must be >= 2", e.Message);
    }
}
