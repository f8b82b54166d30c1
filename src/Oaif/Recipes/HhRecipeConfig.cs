using System.Text.Json.Nodes;
using Oaif.Training;

namespace Oaif.Recipes;

/// <summary>
/// Every setting of the HH harmlessness recipe (recipes/hh-harmless.yaml), after the chosen scale's
/// overrides and any --set. Sections mirror the stages; the four training sections are ordinary
/// <see cref="TrainingConfig"/>s (trainer, optimizer, loss, online). Load with
/// <see cref="HhRecipeConfigLoader"/>, which validates everything before any work starts.
/// </summary>
public sealed record HhRecipeConfig
{
    /// <summary>How the preference file is split into train pairs and held-out pairs.</summary>
    public RecipeDataOptions Data { get; init; } = new();

    /// <summary>The byte-level BPE trained on the train dialogues.</summary>
    public RecipeTokenizerOptions Tokenizer { get; init; } = new();

    /// <summary>The from-scratch model shape and the token limits every stage uses.</summary>
    public RecipeModelOptions Model { get; init; } = new();

    /// <summary>Stage 2: supervised fine-tuning on prompt + chosen response.</summary>
    public TrainingConfig Sft { get; init; } = new();

    /// <summary>Stage 3: Bradley–Terry reward model on the train pairs.</summary>
    public TrainingConfig RewardModel { get; init; } = new();

    /// <summary>Stage 4: offline DPO on the train pairs, from the SFT model.</summary>
    public TrainingConfig Dpo { get; init; } = new();

    /// <summary>Stage 5: online DPO from AI feedback; both judge arms use these settings.</summary>
    public TrainingConfig Oaif { get; init; } = new();

    /// <summary>Stage 5b and the optional evaluation judge: the served SFT model as an LLM judge.</summary>
    public RecipeLlmJudgeOptions LlmJudge { get; init; } = new();

    /// <summary>Stage 6: every arm against the SFT model on held-out prompts.</summary>
    public RecipeEvaluationOptions Evaluation { get; init; } = new();

    /// <summary>The effective settings as loaded (after overrides), saved into the run directory so a
    /// re-run can check it resumes the same recipe.</summary>
    public JsonObject Effective { get; init; } = new();
}

/// <summary>Config section <c>data</c>.</summary>
public sealed record RecipeDataOptions
{
    /// <summary>Seed of the content-hash shuffle that decides the split. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Pairs held out for the RM accuracy and the evaluation prompts. Default 312
    /// (2,312 pairs of harmless-base test leave about 2,000 for training).</summary>
    public int HeldOut { get; init; } = 312;

    /// <summary>Most train pairs used; 0 = all that remain. Default 2000 (caps the public train file,
    /// which has tens of thousands).</summary>
    public int MaxTrainPairs { get; init; } = 2000;

    /// <summary>Drop pairs whose chosen and rejected dialogues differ before the last turn (a handful in
    /// HH-RLHF): their "prompt" is not shared, so they are not a preference between two answers.
    /// Default true.</summary>
    public bool DropPrefixMismatches { get; init; } = true;
}

/// <summary>Config section <c>tokenizer</c>.</summary>
public sealed record RecipeTokenizerOptions
{
    /// <summary>Vocabulary size including bytes and special tokens. Default 4096.</summary>
    public int VocabSize { get; init; } = 4096;
}

/// <summary>Config section <c>model</c>.</summary>
public sealed record RecipeModelOptions
{
    /// <summary>A <see cref="Oaif.Model.ModelPresets"/> name. Default micro (~0.8M parameters), what fits
    /// the one-hour budget on two CPU cores.</summary>
    public string Preset { get; init; } = "micro";

    /// <summary>Prompt + response token limit for training and judging. Default 256.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Prompt token limit; longer prompts keep their end (the latest turns). Default 192.</summary>
    public int MaxPromptTokens { get; init; } = 192;

    /// <summary>Positions the model accepts (RoPE, so this costs nothing in training). Larger than
    /// <see cref="MaxLength"/> so the LLM-judge prompt (template + dialogue + two answers) fits.
    /// Default 1024.</summary>
    public int MaxPositions { get; init; } = 1024;
}

/// <summary>Config section <c>llm_judge</c>: the SFT model served in-process as an OpenAI-compatible
/// judge. It is a tiny from-scratch model, so this is a plumbing run, not a judge worth trusting.</summary>
public sealed record RecipeLlmJudgeOptions
{
    /// <summary>Train the OAIF arm with this judge. Default true.</summary>
    public bool Train { get; init; } = true;

    /// <summary>Judge template name or file. Default harmlessness.</summary>
    public string Template { get; init; } = "harmlessness";

    /// <summary>Ask in both orders (the published practice). Default true.</summary>
    public bool BothOrders { get; init; } = true;

    /// <summary>Tokens the judge may answer with. Default 3 (as <c>LlmJudgeOptions</c>).</summary>
    public int MaxOutputTokens { get; init; } = 3;

    /// <summary>Replaces online.max_invalid_rate for this arm. Default 1.0: the weak judge answers
    /// mostly non-labels and the run should still finish and report its invalid rate rather than
    /// stop; the report says how many verdicts were usable.</summary>
    public double MaxInvalidRate { get; init; } = 1.0;

    /// <summary>Requests in flight (the local server answers one at a time). Default 2.</summary>
    public int MaxConcurrency { get; init; } = 2;
}

/// <summary>Config section <c>evaluation</c>.</summary>
public sealed record RecipeEvaluationOptions
{
    /// <summary>Held-out prompts evaluated; 0 = all. Default 0.</summary>
    public int Prompts { get; init; }

    /// <summary>Greedy tokens generated per response. Default 64.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Prompts decoded together. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Also judge every arm with the served SFT model (weak; reported with its invalid rate).
    /// Default true.</summary>
    public bool LlmJudge { get; init; } = true;
}
