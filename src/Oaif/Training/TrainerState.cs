namespace Oaif.Training;

/// <summary>
/// Loop state saved with each checkpoint (trainer_state.json). The data order is a pure function of
/// (seed, epoch) and the batch position a pure function of the step, so the step is the data-order RNG
/// position.
/// </summary>
public sealed record TrainerState
{
    /// <summary>"dap" or "sft": which trainer wrote the run.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Last completed optimizer step.</summary>
    public int Step { get; init; }

    /// <summary>Steps the run was planned for.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Training examples; a resume with different data is refused.</summary>
    public int TrainExamples { get; init; }

    /// <summary>NaN/Inf steps in a row at checkpoint time.</summary>
    public int ConsecutiveNonFinite { get; init; }

    /// <summary>
    /// Online: steps in a row whose verdicts were mostly Invalid, at checkpoint time, so a resumed run
    /// keeps counting towards online.invalid_patience_steps instead of starting again.
    /// </summary>
    public int ConsecutiveInvalidSteps { get; init; }

    /// <summary>NaN/Inf steps skipped so far.</summary>
    public int SkippedSteps { get; init; }

    /// <summary>Sum of |θ| of π_ref (0 for SFT); a resume with another reference is refused.</summary>
    public double ReferenceFingerprint { get; init; }
}
