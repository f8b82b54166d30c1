using Oaif.Training;

namespace Oaif.Cli.Infrastructure;

/// <summary>Runs multi-stage jobs on the terminal: a progress bar per training stage (see
/// <see cref="ConsoleTraining"/>), plain lines between stages.</summary>
public sealed class ConsoleStageRunner(bool quiet) : IStageRunner
{
    public T Run<T>(string title, Func<TrainingHooks, T> stage) => ConsoleTraining.Run(title, quiet, stage);

    public void Line(string text) => Console.WriteLine(text);
}
