namespace Oaif.Training;

/// <summary>
/// Learning rate for optimizer step s (1-based): linear warmup from peak/warmup to the peak over
/// <c>warmup</c> steps, then constant, linear or cosine decay to peak × min ratio at the last step.
/// A pure function of the step, so resuming needs no scheduler state beyond the step.
/// </summary>
public sealed record LearningRateSchedule(
    double Peak, int WarmupSteps, int TotalSteps, LearningRateScheduleKind Kind, double MinRatio = 0)
{
    /// <summary>Builds the schedule from trainer options and the run's step count.</summary>
    public static LearningRateSchedule From(TrainerOptions o, int totalSteps) =>
        new(o.LearningRate, o.WarmupSteps, totalSteps, o.Schedule, o.MinLearningRateRatio);

    /// <summary>The rate for step <paramref name="step"/> (1-based).</summary>
    public double At(int step)
    {
        if (step <= WarmupSteps) return Peak * step / WarmupSteps;
        double span = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = Math.Clamp((step - WarmupSteps) / span, 0, 1);
        double floor = Peak * MinRatio;
        return Kind switch
        {
            LearningRateScheduleKind.Linear => Peak - (Peak - floor) * progress,
            LearningRateScheduleKind.Cosine =>
                floor + (Peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)),
            _ => Peak,
        };
    }
}
