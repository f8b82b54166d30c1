namespace Oaif.Training;

/// <summary>
/// Runs the stages of a multi-stage job (quickstart, recipes) with their terminal output: the CLI shows
/// a progress bar per training stage, tests and libraries write plain lines.
/// </summary>
public interface IStageRunner
{
    /// <summary>Runs one training stage, giving it the hooks to report through.</summary>
    T Run<T>(string title, Func<TrainingHooks, T> stage);

    /// <summary>Prints one line between stages.</summary>
    void Line(string text);
}

/// <summary>An <see cref="IStageRunner"/> that writes plain lines to a <see cref="TextWriter"/>.</summary>
public sealed class PlainStageRunner(TextWriter? log) : IStageRunner
{
    public T Run<T>(string title, Func<TrainingHooks, T> stage)
    {
        log?.WriteLine($"stage {title}");
        return stage(new TrainingHooks { Log = log });
    }

    public void Line(string text) => log?.WriteLine(text);
}
