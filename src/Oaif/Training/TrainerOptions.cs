namespace Oaif.Training;

/// <summary>
/// The training loop's knobs (config section <c>trainer</c>). "OAIF paper" means Guo et al. 2024,
/// "Direct language model alignment from online AI feedback"; other defaults are usual small-run choices.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Peak learning rate. Default 5e-7 (OAIF paper).</summary>
    public double LearningRate { get; init; } = 5e-7;

    /// <summary>Linear warmup steps from 0 to the peak rate. Default 150 (OAIF paper).</summary>
    public int WarmupSteps { get; init; } = 150;

    /// <summary>Schedule after warmup. Default constant (the paper states no decay).</summary>
    public LearningRateScheduleKind Schedule { get; init; } = LearningRateScheduleKind.Constant;

    /// <summary>Final rate of linear/cosine decay as a fraction of the peak. Default 0.</summary>
    public double MinLearningRateRatio { get; init; }

    /// <summary>Examples per forward pass (micro-batch). Default 8.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches per optimizer step; effective batch = batch_size × this. Default 1.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Passes over the training data when <see cref="MaxSteps"/> is null. Default 1.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Optimizer steps to run; null = as many as <see cref="Epochs"/> need. Default null.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>
    /// Clip the global gradient L2 norm to this; 0 disables clipping. Default 1.0 (HF/TRL).
    /// </summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Seeds torch and the data-order shuffle. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Run the policy in train mode (dropout on). Default false: deterministic eval mode.</summary>
    public bool Dropout { get; init; }

    /// <summary>Where padding goes in batches. Default left (matches generation).</summary>
    public PaddingSide Padding { get; init; } = PaddingSide.Left;

    /// <summary>Score the offline data under π_ref once before training. Default false.</summary>
    public bool PrecomputeReferenceLogProbs { get; init; }

    /// <summary>Write a metrics line and a terminal line every this many steps. Default 1.</summary>
    public int LogEvery { get; init; } = 1;

    /// <summary>Evaluate on held-out data every this many steps; 0 = only at the end. Default 50.</summary>
    public int EvalEvery { get; init; } = 50;

    /// <summary>Write a checkpoint every this many steps; 0 = only at the end. Default 100.</summary>
    public int SaveEvery { get; init; } = 100;

    /// <summary>How many checkpoints to keep (oldest deleted first). Default 2.</summary>
    public int KeepLastCheckpoints { get; init; } = 2;

    /// <summary>Consecutive steps with a NaN/Inf loss or gradient that stop the run. Default 5.</summary>
    public int MaxConsecutiveNonFinite { get; init; } = 5;
}
