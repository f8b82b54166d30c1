using Oaif.Losses;
using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Quickstart;

/// <summary>
/// Sizes and budgets of <c>oaif quickstart</c>. Defaults are chosen so the whole pipeline (data,
/// tokenizer, SFT, offline and online DPO, length control, evaluation) fits in about ten minutes on a
/// 2-core CPU; <see cref="Smoke"/> is the scaled-down version the test suite runs.
/// </summary>
public sealed record QuickstartOptions
{
    /// <summary>Seeds data generation, model initialisation, sampling and data order. Default 1234.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>SFT examples (report + flawed summary). Default 4000.</summary>
    public int SftExamples { get; init; } = 4000;

    /// <summary>
    /// Prompts the preference arms draw from (offline set and online batches). Default 3200.
    /// </summary>
    public int PreferencePrompts { get; init; } = 3200;

    /// <summary>Held-out prompts for evaluation. Default 400: at a win rate near 0.6 the 95% interval is
    /// then about ±0.05 wide, narrow enough to tell arms apart that differ by 0.1.</summary>
    public int EvalPrompts { get; init; } = 400;

    /// <summary>BPE vocabulary size, special tokens included. Default 512.</summary>
    public int VocabSize { get; init; } = 512;

    /// <summary>Model width. Default 128.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Decoder layers. Default 4.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Attention heads (key/value heads = heads / 2, grouped-query). Default 4.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>SFT optimizer steps. Default 800: the model learns to copy facts from the report only after
    /// a plateau whose length varies from run to run (300 to 400 steps seen here), so leave margin.</summary>
    public int SftSteps { get; init; } = 800;

    /// <summary>SFT batch size. Default 32.</summary>
    public int SftBatchSize { get; init; } = 32;

    /// <summary>
    /// SFT peak learning rate (from scratch, so far above the paper's fine-tuning rate). Default 4e-3.
    /// </summary>
    public double SftLearningRate { get; init; } = 4e-3;

    /// <summary>Updates per preference arm. Default 100.</summary>
    public int PreferenceSteps { get; init; } = 100;

    /// <summary>Prompts per preference update (each gives one pair). Default 32.</summary>
    public int PromptsPerStep { get; init; } = 32;

    /// <summary>Preference-arm learning rate (a tiny model from scratch moves slowly at the paper's 5e-7).
    /// Default 3e-4.</summary>
    public double PreferenceLearningRate { get; init; } = 3e-4;

    /// <summary>Loss of the preference arms: dpo, ipo or slic. Default dpo.</summary>
    public string Loss { get; init; } = "dpo";

    /// <summary>Sampling temperature for preference pairs. Default 0.9 (OAIF paper).</summary>
    public double Temperature { get; init; } = 0.9;

    /// <summary>Longest response sampled. Default 48 tokens: the most thorough summary with padding
    /// takes about 35.</summary>
    public int MaxNewTokens { get; init; } = 48;

    /// <summary>The default judge instruction.</summary>
    public string HelpfulInstruction { get; init; } =
        "Prefer the more helpful summary: all key facts, nothing wrong.";

    /// <summary>The length-control instruction.</summary>
    public string ShortInstruction { get; init; } =
        "Prefer the more helpful summary, and prefer the shorter one when both are helpful.";

    /// <summary>
    /// Checkpoints per preference arm, evaluated for the win-rate-against-step curve. Default 4.
    /// </summary>
    public int CurvePoints { get; init; } = 4;

    /// <summary>Evaluation prompts used for each point of that curve. Default 100.</summary>
    public int CurvePrompts { get; init; } = 100;

    /// <summary>The small Llama trained from scratch: grouped-query attention, tied embeddings.</summary>
    public LlamaConfig ModelConfig(ITokenizer tokenizer) => new()
    {
        HiddenSize = HiddenSize,
        IntermediateSize = HiddenSize * 8 / 3 / 16 * 16,
        NumHiddenLayers = Layers,
        NumAttentionHeads = Heads,
        NumKeyValueHeads = Math.Max(1, Heads / 2),
        VocabSize = tokenizer.VocabSize,
        MaxPositionEmbeddings = 256,
        TieWordEmbeddings = true,
        BosTokenId = tokenizer.BosId,
        EosTokenId = tokenizer.EosId,
        PadTokenId = tokenizer.PadId,
    };

    /// <summary>SFT from scratch: warmup then cosine decay to a tenth of the peak rate.</summary>
    public TrainingConfig SftConfig() => new()
    {
        Trainer = new TrainerOptions
        {
            LearningRate = SftLearningRate, WarmupSteps = Math.Max(1, SftSteps / 10),
            Schedule = LearningRateScheduleKind.Cosine, MinLearningRateRatio = 0.1, BatchSize = SftBatchSize,
            MaxSteps = SftSteps, LogEvery = Math.Max(1, SftSteps / 20), EvalEvery = 0, SaveEvery = 0,
            Seed = Seed,
        },
    };

    /// <summary>
    /// The preference arms (offline and online share it): the loss's paper β, a short warmup, a constant
    /// rate, one pair per prompt, checkpoints spread over the run for the win-rate curve.
    /// </summary>
    public TrainingConfig PreferenceConfig() => new()
    {
        Trainer = new TrainerOptions
        {
            LearningRate = PreferenceLearningRate, WarmupSteps = Math.Max(1, PreferenceSteps / 10),
            BatchSize = PromptsPerStep, MaxSteps = PreferenceSteps,
            LogEvery = Math.Max(1, PreferenceSteps / 20),
            EvalEvery = 0, SaveEvery = Math.Max(1, PreferenceSteps / Math.Max(1, CurvePoints)),
            KeepLastCheckpoints = Math.Max(1, CurvePoints) + 1, Seed = Seed,
        },
        Loss = new LossOptions { Type = Loss },
        Online = new OnlineOptions
        {
            SamplesPerPrompt = 2, Temperature = Temperature, MaxNewTokens = MaxNewTokens,
            PromptsPerStep = PromptsPerStep,
        },
    };

    /// <summary>Checks the options; throws an <see cref="OaifException"/> naming the first bad one.</summary>
    public void Validate()
    {
        void Check(bool ok, string name, string expected)
        {
            if (!ok) throw new OaifException($"quickstart: '{name}' must be {expected}");
        }
        Check(SftExamples >= 1, "sft_examples", ">= 1");
        Check(EvalPrompts >= 1, "eval_prompts", ">= 1");
        Check(PreferenceSteps >= 1, "preference_steps", ">= 1");
        Check(PromptsPerStep >= 1, "prompts_per_step", ">= 1");
        Check(PreferencePrompts >= PreferenceSteps * PromptsPerStep, "preference_prompts",
            ">= preference_steps × prompts_per_step, so the offline set gets as many annotations as online");
        bool headsDivide = HiddenSize % Heads == 0 && Heads % 2 == 0 || Heads == 1;
        Check(headsDivide, "heads", "an even divisor of hidden_size");
        Check(LossFactory.Names.Contains(Loss), "loss", $"one of {string.Join(", ", LossFactory.Names)}");
        SftConfig().Validate("quickstart");
        PreferenceConfig().Validate("quickstart");
    }

    /// <summary>A scaled-down run for tests: same stages, tiny budgets.</summary>
    public static QuickstartOptions Smoke { get; } = new()
    {
        SftExamples = 300, PreferencePrompts = 64, EvalPrompts = 16, VocabSize = 320, HiddenSize = 32,
        Layers = 1, Heads = 2, SftSteps = 300, SftBatchSize = 16, PreferenceSteps = 4, PromptsPerStep = 8,
        MaxNewTokens = 24, CurvePoints = 2, CurvePrompts = 8,
    };
}
