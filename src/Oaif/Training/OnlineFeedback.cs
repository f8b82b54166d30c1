using System.Diagnostics;

namespace Oaif.Training;

/// <summary>Where a step's samples and verdicts come from: live sampling and judging, or a replay.</summary>
internal interface IOnlineFeedback
{
    /// <summary>
    /// Samples step <paramref name="step"/> (1-based) now, on the calling thread and from the current
    /// weights, then starts judging; the task completes with the verdicts. Torch work never leaves the
    /// calling thread, so the caller may update the policy while the task is pending.
    /// </summary>
    Task<StepFeedback> Start(int step, CancellationToken ct);
}

/// <summary>Samples from the current policy and asks the annotator.</summary>
internal sealed class LiveFeedback(OnlineSampler sampler, OnlineAnnotation annotation,
    IReadOnlyList<string> prompts, DataOrder order) : IOnlineFeedback
{
    public Task<StepFeedback> Start(int step, CancellationToken ct)
    {
        var batch = order.Batch(step).Select(i => prompts[i]).ToArray();
        var clock = Stopwatch.StartNew();

        // sample: K responses per prompt from the current policy (no gradient)
        var samples = sampler.Sample(batch, step, ct);
        return JudgeAsync(samples, clock.Elapsed.TotalSeconds, step, ct);
    }

    async Task<StepFeedback> JudgeAsync(PromptSamples[] samples, double sampleSeconds, int step,
        CancellationToken ct)
    {
        // annotate: every pair of responses, concurrently; no gradient flows through verdicts
        var clock = Stopwatch.StartNew();
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

    public Task<StepFeedback> Start(int step, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_steps.TryGetValue(step, out var recorded))
            throw new OaifException($"{path}: no pairs recorded for step {step}");
        return Task.FromResult(new StepFeedback(recorded.Samples, recorded.Comparisons, 0, 0));
    }
}
