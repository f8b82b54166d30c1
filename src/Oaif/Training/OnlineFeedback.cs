using System.Diagnostics;

namespace Oaif.Training;

/// <summary>Where a step's samples and verdicts come from: live sampling and judging, or a replay.</summary>
internal interface IOnlineFeedback
{
    /// <summary>Samples and verdicts for step <paramref name="step"/> (1-based).</summary>
    Task<StepFeedback> CollectAsync(int step, CancellationToken ct);
}

/// <summary>Samples from the current policy and asks the annotator.</summary>
internal sealed class LiveFeedback(OnlineSampler sampler, OnlineAnnotation annotation,
    IReadOnlyList<string> prompts, DataOrder order) : IOnlineFeedback
{
    public async Task<StepFeedback> CollectAsync(int step, CancellationToken ct)
    {
        var batch = order.Batch(step).Select(i => prompts[i]).ToArray();
        var clock = Stopwatch.StartNew();

        // sample: K responses per prompt from the current policy (no gradient)
        var samples = sampler.Sample(batch, step, ct);
        double sampleSeconds = clock.Elapsed.TotalSeconds;

        // annotate: every pair of responses, concurrently; no gradient flows through verdicts
        clock.Restart();
        var comparisons = await annotation.JudgeAsync(samples, step, ct).ConfigureAwait(false);
        return new StepFeedback(samples, comparisons, sampleSeconds, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>
/// Reads each step's recorded responses and verdicts from an earlier run's pairs.jsonl, in order; never
/// samples and never calls an annotator.
/// </summary>
internal sealed class ReplayFeedback(string path) : IOnlineFeedback
{
    readonly SortedDictionary<int, (PromptSamples[] Samples, OnlineComparison[] Comparisons)> _steps =
        OnlinePairsFile.ReadSteps(path);

    /// <summary>The last step the file records.</summary>
    public int LastStep => _steps.Keys.Max();

    /// <summary>Comparisons recorded over all steps.</summary>
    public int Comparisons => _steps.Values.Sum(s => s.Comparisons.Length);

    public Task<StepFeedback> CollectAsync(int step, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_steps.TryGetValue(step, out var recorded))
            throw new OaifException($"{path}: no pairs recorded for step {step}");
        return Task.FromResult(new StepFeedback(recorded.Samples, recorded.Comparisons, 0, 0));
    }
}
