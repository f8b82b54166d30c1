using System.Diagnostics;
using Oaif.Annotators;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Training;
using Xunit.Abstractions;

namespace Oaif.Tests.Training;

/// <summary>
/// The toy of the OAIF claim: a rule judge prefers responses containing 'x'. Online DPO samples from the
/// policy it is training; offline DPO makes the same number of updates on pairs sampled once from the
/// starting model and judged by the same rule.
/// </summary>
public class OnlineVersusOfflineTests(ITestOutputHelper output)
{
    const char Target = 'x';
    const int Steps = 40, PromptsPerStep = 8;

    internal static TrainingConfig Config(int steps) => OnlineToy.Config(steps, PromptsPerStep) with
    {
        Trainer = OnlineToy.Config(steps).Trainer with
        {
            LearningRate = 1e-2, BatchSize = 16, MaxGradNorm = 1.0,
        },
        Loss = new Oaif.Losses.LossOptions { Type = "dpo", Beta = 0.5 },
    };

    /// <summary>Share of sampled responses (temperature 1, 256 samples) that contain the target.</summary>
    internal static double TargetShare(ICausalLanguageModel model, IReadOnlyList<string> prompts)
    {
        var sampler = new OnlineSampler(model, OnlineToy.Tokenizer, Config(1).Online with
            { SamplesPerPrompt = 8 }, seed: 99);
        var samples = sampler.Sample(prompts.Take(32).ToList(), step: 1, CancellationToken.None);
        var all = samples.SelectMany(s => s.Responses).ToList();
        return all.Count(r => r.Text.Contains(Target)) / (double)all.Count;
    }

    /// <summary>
    /// One pass over the prompts: a pair per prompt sampled from <paramref name="model"/> and judged by the
    /// rule, ties dropped — a fixed preference set, as offline DPO gets.
    /// </summary>
    static async Task<List<PreferenceExample>> OfflinePairs(ICausalLanguageModel model, List<string> prompts,
        IAnnotator judge, TrainingConfig config)
    {
        var sampler = new OnlineSampler(model, OnlineToy.Tokenizer, config.Online, seed: 7);
        var annotation = new OnlineAnnotation(judge, MissingEosPenalty.Off);
        var pairs = new List<PreferenceExample>();
        for (int step = 1; step <= prompts.Count / PromptsPerStep; step++)
        {
            var batch = prompts.Skip((step - 1) * PromptsPerStep).Take(PromptsPerStep).ToList();
            var samples = sampler.Sample(batch, step, CancellationToken.None);
            var comparisons = await annotation.JudgeAsync(samples, step, CancellationToken.None);
            pairs.AddRange(OnlinePairSelector.Select(samples, comparisons).Select(x => new PreferenceExample(
                samples[x.Prompt].PromptIds, samples[x.Prompt].Responses[x.Chosen].Ids,
                samples[x.Prompt].Responses[x.Rejected].Ids)));
        }
        return pairs;
    }

    [Fact]
    public async Task OnlineDpoRaisesTheTargetShareAndBeatsOfflineDpo()
    {
        var prompts = OnlineToy.Prompts(64, seed: 11);
        var judge = RuleJudge.Contains(Target.ToString());
        using var start = OnlineToy.Model(seed: 11);
        double before = TargetShare(start, prompts);

        var clock = Stopwatch.StartNew();
        var onlineDir = TestPaths.NewTempDir();
        using var online = OnlineToy.Model(seed: 11);
        var log = new StringWriter();
        await OnlineDapTrainer.TrainAsync(online, OnlineToy.Tokenizer, prompts, judge, Config(Steps),
            onlineDir,
            hooks: new TrainingHooks { Log = log });
        double onlineSeconds = clock.Elapsed.TotalSeconds;
        double onlineShare = TargetShare(online, prompts);

        // offline: the same number of updates, PromptsPerStep pairs each, on a fixed set judged once
        using var offline = OnlineToy.Model(seed: 11);
        var pairs = await OfflinePairs(offline, prompts, judge, Config(Steps));
        var offlineTrainer = Config(Steps).Trainer with { BatchSize = PromptsPerStep };
        var offlineConfig = Config(Steps) with { Trainer = offlineTrainer };
        OfflineDapTrainer.Train(offline, pairs, offlineConfig, TestPaths.NewTempDir());
        double offlineShare = TargetShare(offline, prompts);

        output.WriteLine(log.ToString());
        output.WriteLine($"share of '{Target}': start {before:F3}, online {onlineShare:F3}, " +
            $"offline {offlineShare:F3} ({pairs.Count} offline pairs); " +
            $"online {Steps} steps in {onlineSeconds:F1} s");
        Assert.True(onlineShare >= 0.9, $"online {onlineShare:F3} vs start {before:F3}");
        Assert.True(onlineShare > offlineShare, $"online {onlineShare:F3} vs offline {offlineShare:F3}");
    }
}
