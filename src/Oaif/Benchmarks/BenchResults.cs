namespace Oaif.Benchmarks;

/// <summary>The machine at the start of the run.</summary>
public sealed record MachineInfo(int Cores, int TorchThreads, double[] LoadAverageStart, string StartedUtc,
    bool Quick, string Command);

/// <summary>fp32 matmul of two size×size matrices: 2·size³ FLOPs per product.</summary>
public sealed record MatmulResult(int Size, BenchTiming Seconds, int ProductsPerRun, double Gflops,
    double[] LoadAverage);

/// <summary>
/// One DAP update (DapUpdater.Update): reference forward and policy forward + backward on chosen and
/// rejected rows, then AdamW. Tokens count every policy position (2 × pairs × sequence).
/// </summary>
public sealed record UpdateResult(string Preset, long Parameters, int Sequence, int Pairs, long Tokens,
    BenchTiming Seconds, double TokensPerSecond, double Gflops, double RoofFraction, double[] LoadAverage);

/// <summary>KV-cache sampling (TextGenerator) of batch rows × new tokens, no early stop.</summary>
public sealed record SamplingResult(string Preset, long Parameters, int Batch, int NewTokens,
    BenchTiming Seconds, double TokensPerSecond, double[] LoadAverage);

/// <summary>The LLM judge against an in-process <c>oaif serve</c> at one concurrency limit.</summary>
public sealed record AnnotationResult(int Concurrency, int Verdicts, BenchTiming Seconds,
    double VerdictsPerSecond, double MeanLatencyMs, double InvalidShare, double[] LoadAverage);

/// <summary>
/// The same online steps three ways: an instant annotator, a synthetic one of fixed latency
/// <paramref name="LatencySeconds"/> run sequentially, and the same pipelined. Hidden fraction =
/// 1 − (pipelined − instant) / latency. Step times are medians over the timed steps. Because the three
/// runs happen one after another, load from other processes moves that figure;
/// <paramref name="WaitHiddenFraction"/> = 1 − Σ time/annotate_wait_s / Σ time/annotate_s of the
/// pipelined run compares within each step and is far less sensitive to it.
/// </summary>
public sealed record PipelineResult(string Preset, double LatencySeconds, double SampleSeconds,
    double ReferenceAndUpdateSeconds, double InstantStepSeconds, double SequentialStepSeconds,
    double PipelinedStepSeconds, double HiddenFraction, double WaitHiddenFraction,
    double PipelinedReferenceAndUpdateSeconds, double MeanStalenessSteps, int TimedSteps,
    double[] LoadAverage);

/// <summary>
/// Where a real online step's time goes (rule judge, checkpoint every step), medians over the timed
/// steps from metrics.jsonl; checkpoint+log is the step's wall time minus the four measured phases.
/// </summary>
public sealed record StepSplitResult(string Preset, long Parameters, double SampleSeconds,
    double AnnotateSeconds, double ReferenceSeconds, double UpdateSeconds, double CheckpointAndLogSeconds,
    double StepSeconds, double PeakResidentMiB, bool PeakCoversOnlyThisRun, double[] LoadAverage);

/// <summary>
/// The frozen reference next to the policy: tensor storages they share (must be 0), parameter
/// elements of each, and elements the optimizer updates (must equal the policy's).
/// </summary>
public sealed record ReferenceCheck(int SharedStorages, long PolicyElements, long ReferenceElements,
    long OptimizerElements, bool ReferenceFrozen, bool Ok);

/// <summary>A stated goal beside what was measured; Met is null when the bench did not measure it.</summary>
public sealed record TargetResult(string Name, string Goal, string Measured, bool? Met);
