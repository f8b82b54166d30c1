using Oaif.Training;
using Spectre.Console;

namespace Oaif.Cli.Infrastructure;

/// <summary>
/// Runs a trainer with its terminal output: on an interactive terminal a Spectre.Console progress bar
/// (step, percentage, elapsed, ETA, last loss) with the trainer's one-line-per-step log printed above it;
/// when output is redirected (CI, files) the log lines alone, so logs stay clean text.
/// </summary>
public static class ConsoleTraining
{
    /// <summary>True when stdout is a terminal that can redraw a progress bar.</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static T Run<T>(string title, bool quiet, Func<TrainingHooks, T> train)
    {
        if (quiet || !IsInteractive) return train(new TrainingHooks { Log = Console.Out });
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                var hooks = new TrainingHooks
                {
                    Log = new LiveLineWriter(),
                    Progress = new ImmediateProgress<TrainingProgress>(p => Update(task, title, p)),
                };
                result = train(hooks);
                task.Value = task.MaxValue;
            });
        return result;
    }

    static void Update(ProgressTask task, string title, TrainingProgress progress)
    {
        task.MaxValue = Math.Max(1, progress.TotalSteps);
        task.Value = progress.Step;
        string loss = progress.Metrics.TryGetValue(MetricKeys.Loss, out var l) ? $" loss {l:F4}" : "";
        task.Description = Markup.Escape($"{title} {progress.Step}/{progress.TotalSteps}{loss}");
    }

    /// <summary>
    /// Reports on the calling thread; <see cref="Progress{T}"/> would post to the thread pool.
    /// </summary>
    sealed class ImmediateProgress<TValue>(Action<TValue> report) : IProgress<TValue>
    {
        public void Report(TValue value) => report(value);
    }

    /// <summary>Prints whole lines through Spectre so they appear above the live progress bar.</summary>
    sealed class LiveLineWriter : StringWriter
    {
        public override void WriteLine(string? value)
        {
            Flush();
            var pending = GetStringBuilder();
            string line = pending.ToString() + value;
            pending.Clear();
            AnsiConsole.WriteLine(line);
        }
    }
}
