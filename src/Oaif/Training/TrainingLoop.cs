using System.Diagnostics;
using Oaif.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// The step loop shared by the offline trainers: pick the batch, update, log, evaluate, checkpoint.
/// Starts after the given state's <see cref="TrainerState.Step"/>, so a fresh run and a
/// resumed one take the same path.
/// </summary>
internal sealed class TrainingLoop<T>(TrainingConfig config, string runDir, TrainingHooks hooks)
{
    public TrainingResult Run(ICausalLanguageModel policy, IBatchUpdater<T> updater,
        ParameterUpdater optimizer,
        IReadOnlyList<T> train, IReadOnlyList<T>? eval, TrainerState start, CancellationToken ct)
    {
        var (last, checkpoint, rate) = Run(policy.Module, policy.Save, updater, optimizer, train, eval,
            start, ct);
        return new TrainingResult(policy, start.TotalSteps, checkpoint, last, rate);
    }

    /// <summary>
    /// The loop for any trained module (e.g. a reward model): <paramref name="save"/> writes the
    /// module's model/ directory into a checkpoint. Returns the last step's metrics, the last checkpoint
    /// and steps per second.
    /// </summary>
    public (IReadOnlyDictionary<string, double> Last, string Checkpoint, double StepsPerSecond) Run(
        nn.Module module, Action<string> save, IBatchUpdater<T> updater, ParameterUpdater optimizer,
        IReadOnlyList<T> train, IReadOnlyList<T>? eval, TrainerState start, CancellationToken ct)
    {
        var o = config.Trainer;
        var order = new DataOrder(train.Count, o.BatchSize * o.GradientAccumulationSteps, o.Seed);
        var log = new MetricsLog(runDir, hooks.Log);
        var checkpoints = new CheckpointStore(runDir, o.KeepLastCheckpoints);
        var state = start;
        IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
        string lastCheckpoint = CheckpointStore.Latest(runDir) ?? "";
        var clock = Stopwatch.StartNew();
        int total = start.TotalSteps;
        if (o.Dropout) module.train(); else module.eval();

        for (int step = start.Step + 1; step <= total; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var stepClock = Stopwatch.StartNew();
            var batch = order.Batch(step).Select(i => train[i]).ToArray();

            // update: reference log-probs, policy forward, loss, backward, optimizer step
            var (metrics, tokens) = updater.Update(batch, step);
            var record = new Dictionary<string, double>(metrics)
            {
                [MetricKeys.TokensPerSecond] = tokens / Math.Max(1e-9, stepClock.Elapsed.TotalSeconds),
            };
            last = record;
            state = state with
            {
                Step = step, ConsecutiveNonFinite = optimizer.ConsecutiveNonFinite,
                SkippedSteps = optimizer.SkippedSteps,
            };

            // log
            if (step % o.LogEvery == 0 || step == total) Report(log, step, total, record, clock, start.Step);

            // evaluate
            bool evalDue = o.EvalEvery > 0 ? step % o.EvalEvery == 0 || step == total : step == total;
            if (eval is { Count: > 0 } && evalDue) log.Write(step, updater.Evaluate(eval));

            // checkpoint
            bool saveDue = o.SaveEvery > 0 ? step % o.SaveEvery == 0 || step == total : step == total;
            if (saveDue) lastCheckpoint = checkpoints.Save(state, save, optimizer);
        }
        double rate = (total - start.Step) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        return (last, lastCheckpoint, rate);
    }

    void Report(MetricsLog log, int step, int total, Dictionary<string, double> record, Stopwatch clock,
        int from)
    {
        log.Write(step, record);
        log.WriteTerminal(step, total, record);
        var perStep = clock.Elapsed / Math.Max(1, step - from);
        hooks.Progress?.Report(new TrainingProgress(step, total, clock.Elapsed, perStep * (total - step),
            record));
    }
}
