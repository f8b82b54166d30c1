using System.Diagnostics;
using System.Globalization;
using Oaif.Annotators;
using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// The online step loop: collect samples and verdicts, score every sample under π_ref, update on the
/// decided pairs, log, checkpoint. No torch dispose scope or no_grad block spans an await (both are
/// per-thread and the step may continue on another thread after judging). With online.pipeline the
/// next step's judging overlaps this step's update (see <see cref="OnlinePipeline"/>).
/// </summary>
internal sealed class OnlineTrainingLoop(TrainingConfig config, string runDir, TrainingHooks hooks)
{
    int _failingSteps;
    string? _commonInvalidReason;

    public async Task<TrainingResult> RunAsync(ICausalLanguageModel policy, IOnlineFeedback feedback,
        ReferenceModel reference, DapUpdater updater, ParameterUpdater optimizer, TrainerState start,
        CancellationToken ct)
    {
        var o = config.Trainer;
        var log = new MetricsLog(runDir, terminal: null);
        var checkpoints = new CheckpointStore(runDir, o.KeepLastCheckpoints);
        var pairsPath = Path.Combine(runDir, OnlinePairsFile.FileName);
        var state = start;
        _failingSteps = start.ConsecutiveInvalidSteps;
        IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
        string lastCheckpoint = CheckpointStore.Latest(runDir) ?? "";
        var clock = Stopwatch.StartNew();
        int total = start.TotalSteps;
        if (o.Dropout) policy.Module.train(); else policy.Module.eval();
        bool pipelined = config.Online.Pipeline && feedback is not ReplayFeedback;
        await using var pipeline = new OnlinePipeline(feedback, pipelined, ct);

        for (int step = start.Step + 1; step <= total; step++)
        {
            ct.ThrowIfCancellationRequested();
            var stepClock = Stopwatch.StartNew();

            // sample and annotate (or read both from the replayed file); when pipelined, both were
            // started during the previous step's update
            var taken = await pipeline.TakeAsync(step).ConfigureAwait(false);
            OnlinePairsFile.Append(pairsPath, taken.Feedback.Samples, taken.Feedback.Comparisons);

            // look ahead (pipelined only): sample step+1 from the weights as they are, judge it during
            // this update; never across a checkpoint, so a resumed run samples what this one did
            bool saveDue = o.SaveEvery > 0 ? step % o.SaveEvery == 0 || step == total : step == total;
            if (step < total && !saveDue) pipeline.StartNext(step);

            var (record, tokens) = Train(taken.Feedback, reference, updater, step);
            _commonInvalidReason = CommonInvalidReason(taken.Feedback.Comparisons);
            record[OnlineMetricKeys.StalenessSteps] = taken.StalenessSteps;
            record[OnlineMetricKeys.AnnotateWaitSeconds] = taken.WaitSeconds;
            record[MetricKeys.TokensPerSecond] = tokens / Math.Max(1e-9, stepClock.Elapsed.TotalSeconds);
            last = record;
            state = state with
            {
                Step = step, ConsecutiveNonFinite = optimizer.ConsecutiveNonFinite,
                SkippedSteps = optimizer.SkippedSteps,
            };

            // log
            if (step % o.LogEvery == 0 || step == total) Report(log, step, total, record, clock, start.Step);

            // checkpoint (also when the judge keeps failing, so the stop loses nothing)
            bool stopping = JudgeKeepsFailing(record, lastStep: step == total, stepsRun: step);
            state = state with { ConsecutiveInvalidSteps = _failingSteps };
            if (saveDue || stopping) lastCheckpoint = checkpoints.Save(state, policy, optimizer);
            if (stopping) throw JudgeFailure(step, lastCheckpoint);
        }
        double rate = (total - start.Step) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        return new TrainingResult(policy, total, lastCheckpoint, last, rate);
    }

    /// <summary>Reference log-probs and the update; returns the step's metrics and policy tokens.</summary>
    (Dictionary<string, double> Record, long Tokens) Train(StepFeedback fed, ReferenceModel reference,
        DapUpdater updater, int step)
    {
        using var scope = NewDisposeScope();
        var phase = Stopwatch.StartNew();

        // reference log-probs: π_ref on every sample, for the loss and the KL estimate
        var referenceLogps = ScoreAll(reference, fed.Samples);
        var selected = OnlinePairSelector.Select(fed.Samples, fed.Comparisons);
        var pairs = selected.Select(x => Pair(fed.Samples[x.Prompt], referenceLogps[x.Prompt], x.Chosen,
            x.Rejected)).ToList();
        double referenceSeconds = phase.Elapsed.TotalSeconds;

        // update: DAP loss on the decided pairs; a step where every verdict was dropped changes nothing
        phase.Restart();
        var (metrics, tokens) = pairs.Count > 0
            ? updater.Update(pairs, step)
            : (new Dictionary<string, double>(), 0L);
        double updateSeconds = phase.Elapsed.TotalSeconds;

        var record = new Dictionary<string, double>(metrics);
        foreach (var (key, value) in OnlineStepMetrics.Compute(fed.Samples, fed.Comparisons, selected,
            referenceLogps)) record[key] = value;
        record[OnlineMetricKeys.SampleSeconds] = fed.SampleSeconds;
        record[OnlineMetricKeys.AnnotateSeconds] = fed.AnnotateSeconds;
        record[OnlineMetricKeys.ReferenceSeconds] = referenceSeconds;
        record[OnlineMetricKeys.UpdateSeconds] = updateSeconds;
        return (record, tokens);
    }

    /// <summary>Σ log π_ref of every response, [prompt][sample], in trainer.batch_size chunks.</summary>
    double[][] ScoreAll(ReferenceModel reference, PromptSamples[] samples)
    {
        var o = config.Trainer;
        var rows = samples.SelectMany(s => s.Responses.Select(r => (s.PromptIds, r.Ids))).ToArray();
        var sums = new List<double>(rows.Length);
        foreach (var micro in rows.Chunk(o.BatchSize))
        {
            using var scope = NewDisposeScope();
            sums.AddRange(reference.Score(micro, o.Padding).Sum.to_type(ScalarType.Float64).data<double>());
        }
        int k = 0;
        return samples.Select(s => s.Responses.Select(_ => sums[k++]).ToArray()).ToArray();
    }

    static PreferenceExample Pair(PromptSamples s, double[] referenceLogps, int chosen, int rejected) =>
        new(s.PromptIds, s.Responses[chosen].Ids, s.Responses[rejected].Ids)
        {
            ReferenceChosen = referenceLogps[chosen],
            ReferenceRejected = referenceLogps[rejected],
        };

    // A run shorter than the patience whose every step failed (a dead endpoint on a short run) also
    // ends in an error: it trained on nothing, and exit 0 would hide that.
    bool JudgeKeepsFailing(Dictionary<string, double> record, bool lastStep, int stepsRun)
    {
        bool failing = record[OnlineMetricKeys.InvalidRate] > config.Online.MaxInvalidRate;
        _failingSteps = failing ? _failingSteps + 1 : 0;
        int patience = lastStep ? Math.Min(config.Online.InvalidPatienceSteps, stepsRun)
            : config.Online.InvalidPatienceSteps;
        return _failingSteps >= patience && _failingSteps > 0;
    }

    OaifException JudgeFailure(int step, string checkpoint) => new(
        $"step {step}: more than {Percent(config.Online.MaxInvalidRate)} of verdicts were Invalid for " +
        $"{_failingSteps} step{(_failingSteps == 1 ? "" : "s")} in a row " +
        "(online.max_invalid_rate, online.invalid_patience_steps); " +
        $"stopping. Saved {Path.GetFileName(checkpoint)}; pairs.jsonl holds the invalid reasons" +
        (_commonInvalidReason is { } reason ? $"; the most common in the last step: {reason}" : ""));

    static string Percent(double share) =>
        (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    // The reason most Invalid verdicts of a step gave, with its count, so the stop message says what
    // broke (a refused connection, a timeout, answers that are not labels) without opening pairs.jsonl.
    static string? CommonInvalidReason(OnlineComparison[] comparisons) => InvalidReasons.MostCommon(
        comparisons.Where(c => c.Record.Verdict == Verdict.Invalid).Select(c => c.Record.InvalidReason),
        comparisons.Length);

    void Report(MetricsLog log, int step, int total, Dictionary<string, double> record, Stopwatch clock,
        int from)
    {
        log.Write(step, record);
        hooks.Log?.WriteLine(TerminalLine(step, total, record));
        var perStep = clock.Elapsed / Math.Max(1, step - from);
        hooks.Progress?.Report(
            new TrainingProgress(step, total, clock.Elapsed, perStep * (total - step), record));
    }

    /// <summary>One fixed-format line per logged step; missing values print as "-".</summary>
    internal static string TerminalLine(int step, int total, IReadOnlyDictionary<string, double> m)
    {
        string F(string key, string format) => m.TryGetValue(key, out var v) && double.IsFinite(v)
            ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        return $"step {step,6}/{total} | loss {F(MetricKeys.Loss, "F4")}" +
            $" | acc {F(MetricKeys.RewardsAccuracies, "F3")}" +
            $" | kl {F(OnlineMetricKeys.Kl, "0.000;-0.000;0.000")}" +
            $" | pairs {F(OnlineMetricKeys.Pairs, "F0")} | invalid {F(OnlineMetricKeys.InvalidRate, "F2")}" +
            $" | tie {F(OnlineMetricKeys.TieRate, "F2")} | len {F(OnlineMetricKeys.MeanLength, "F1")}" +
            $" | s/a/r/u {F(OnlineMetricKeys.SampleSeconds, "F2")}" +
            $"/{F(OnlineMetricKeys.AnnotateSeconds, "F2")}" +
            $"/{F(OnlineMetricKeys.ReferenceSeconds, "F2")}/{F(OnlineMetricKeys.UpdateSeconds, "F2")}s";
    }
}
