using System.Text.Json.Nodes;
using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;
using static Oaif.Recipes.RecipeFiles;

namespace Oaif.Recipes;

/// <summary>
/// Stages 2–4 of the HH recipe: the BPE tokenizer, SFT from scratch, the reward model and offline DPO.
/// Each writes a model/ directory with its tokenizer, loadable by the single-stage commands.
/// </summary>
public static class HhTrainingStages
{
    /// <summary>Trains the byte-level BPE on every train dialogue (prompt + chosen, prompt +
    /// rejected).</summary>
    public static JsonObject Tokenizer(string splitDir, RecipeTokenizerOptions o, string dir)
    {
        var train = HhSplit.Train(splitDir);
        var texts = train.SelectMany(p => new[] { p.Prompt + p.Chosen, p.Prompt + p.Rejected });
        var bpe = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = o.VocabSize });
        var tokenizer = bpe.Save(Path.Combine(dir, TokenizerFile));
        return new JsonObject { ["vocab_size"] = tokenizer.VocabSize, ["merges"] = bpe.MergeCount };
    }

    /// <summary>SFT of a fresh preset model on prompt + chosen response; eval loss on held-out
    /// pairs.</summary>
    public static JsonObject Sft(string splitDir, string tokenizerDir, HhRecipeConfig c, string dir,
        TrainingHooks hooks, CancellationToken ct)
    {
        var tokenizer = LoadTokenizer(tokenizerDir);
        var encoder = new ExampleEncoder(tokenizer, Truncation(c.Model));
        Training.SftExample Encode(Data.PreferenceExample p) =>
            encoder.Sft(new Data.SftExample(p.Prompt, p.Chosen, p.Line), HhSplit.TrainFile);
        var train = HhSplit.Train(splitDir).Select(Encode).ToList();
        var eval = HhSplit.HeldOut(splitDir).Select(Encode).ToList();

        var shape = ModelPresets.Create(c.Model.Preset, tokenizer.VocabSize, c.Model.MaxPositions) with
        {
            BosTokenId = tokenizer.BosId, EosTokenId = tokenizer.EosId, PadTokenId = tokenizer.PadId,
        };
        using var policy = ModelPresets.CreateModel(shape, c.Sft.Trainer.Seed);
        hooks.Log?.WriteLine($"recipe: sft on {train.Count} dialogues, preset {c.Model.Preset} " +
            $"({ModelPresets.ParameterCount(shape):N0} parameters)");
        var result = SftTrainer.Train(policy, train, c.Sft, dir, eval, hooks, ct);
        SaveModel(policy, tokenizerDir, dir);
        return new JsonObject
        {
            ["preset"] = c.Model.Preset,
            ["parameters"] = ModelPresets.ParameterCount(shape),
            ["train_dialogues"] = train.Count,
            ["steps"] = result.Steps,
            ["eval_loss"] = Finite(LastMetric(dir, "eval/" + MetricKeys.Loss)),
        };
    }

    /// <summary>Bradley–Terry reward model started from the SFT model's decoder; held-out pair accuracy
    /// as measured.</summary>
    public static JsonObject RewardModel(string splitDir, string sftDir, HhRecipeConfig c, string dir,
        TrainingHooks hooks, CancellationToken ct)
    {
        var (train, heldOut) = Pairs(splitDir, ModelPath(sftDir), c.Model);
        using var sft = ModelLoader.Load(ModelPath(sftDir));
        using var rm = Oaif.Model.RewardModel.FromCausalLM(sft, c.RewardModel.Trainer.Seed);
        var result = RewardModelTrainer.Train(rm, train, c.RewardModel, dir, heldOut, hooks, ct);
        rm.Save(ModelPath(dir));
        CopyTokenizer(ModelPath(sftDir), ModelPath(dir));
        double Eval(string key) => result.EvalMetrics.TryGetValue("eval/" + key, out var v) ? v : double.NaN;
        return new JsonObject
        {
            ["train_pairs"] = train.Count,
            ["held_out_pairs"] = heldOut.Count,
            ["steps"] = result.Steps,
            ["pairs_seen"] = result.Steps * c.RewardModel.Trainer.BatchSize
                             * c.RewardModel.Trainer.GradientAccumulationSteps,
            ["held_out_accuracy"] = Finite(Eval(MetricKeys.RewardsAccuracies)),
            ["held_out_loss"] = Finite(Eval(MetricKeys.Loss)),
            ["held_out_mean_margin"] = Finite(Eval(MetricKeys.RewardsMargins)),
        };
    }

    /// <summary>Offline DPO on the train pairs, reference = the SFT model.</summary>
    public static JsonObject Dpo(string splitDir, string sftDir, HhRecipeConfig c, string dir,
        TrainingHooks hooks, CancellationToken ct)
    {
        var (train, heldOut) = Pairs(splitDir, ModelPath(sftDir), c.Model);
        using var policy = ModelLoader.Load(ModelPath(sftDir));
        var result = OfflineDapTrainer.Train(policy, train, c.Dpo, dir, heldOut, hooks: hooks, ct: ct);
        SaveModel(policy, ModelPath(sftDir), dir);
        return new JsonObject
        {
            ["train_pairs"] = train.Count,
            ["steps"] = result.Steps,
            ["pairs_seen"] = result.Steps * c.Dpo.Trainer.BatchSize * c.Dpo.Trainer.GradientAccumulationSteps,
            ["held_out_implicit_reward_accuracy"] =
                Finite(LastMetric(dir, "eval/" + MetricKeys.RewardsAccuracies)),
            ["held_out_loss"] = Finite(LastMetric(dir, "eval/" + MetricKeys.Loss)),
        };
    }

    /// <summary>Saves a policy as stage/model with the tokenizer beside it.</summary>
    internal static void SaveModel(ICausalLanguageModel policy, string tokenizerDir, string stageDir)
    {
        policy.Save(ModelPath(stageDir));
        CopyTokenizer(tokenizerDir, ModelPath(stageDir));
    }

    static (List<PreferenceExample> Train, List<PreferenceExample> HeldOut) Pairs(string splitDir,
        string modelDir, RecipeModelOptions m)
    {
        var encoder = new ExampleEncoder(LoadTokenizer(modelDir), Truncation(m));
        return (HhSplit.Train(splitDir).Select(p => encoder.Preference(p, HhSplit.TrainFile)).ToList(),
            HhSplit.HeldOut(splitDir).Select(p => encoder.Preference(p, HhSplit.HeldOutFile)).ToList());
    }
}
