using Oaif.Model;

namespace Oaif.Training;

/// <summary>What a finished run hands back.</summary>
/// <param name="Policy">The trained policy (on resume, a model loaded from the checkpoint); the caller
/// disposes it.</param>
/// <param name="Steps">Optimizer steps completed in total.</param>
/// <param name="LastCheckpoint">Path of the final checkpoint.</param>
/// <param name="LastMetrics">Metrics of the last step.</param>
/// <param name="StepsPerSecond">Steps per wall-clock second in this process (excluding setup).</param>
public sealed record TrainingResult(
    ICausalLanguageModel Policy, int Steps, string LastCheckpoint,
    IReadOnlyDictionary<string, double> LastMetrics, double StepsPerSecond);
