namespace Oaif.Training;

/// <summary>Reported after every logged step, e.g. for a CLI progress bar with ETA.</summary>
public sealed record TrainingProgress(
    int Step, int TotalSteps, TimeSpan Elapsed, TimeSpan Remaining,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>Where a trainer reports: terminal log lines and a progress hook. Both optional.</summary>
public sealed record TrainingHooks
{
    /// <summary>One line per logged step; null writes nothing.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Called synchronously after each logged step, on the training thread.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }
}
