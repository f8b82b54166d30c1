namespace Oaif.Training;

/// <summary>What the learning rate does after warmup.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>Stays at the peak rate.</summary>
    Constant,

    /// <summary>Falls linearly from the peak to peak × min ratio at the last step.</summary>
    Linear,

    /// <summary>Follows half a cosine from the peak to peak × min ratio at the last step.</summary>
    Cosine,
}
