using System.Text.Json.Nodes;
using Oaif.Annotators;
using Oaif.Model;
using Oaif.Training;
using static Oaif.Recipes.RecipeFiles;

namespace Oaif.Recipes;

/// <summary>
/// Stage 5 of the HH recipe: online DPO from AI feedback on the train prompts, starting from (and
/// referenced to) the SFT model, with (a) the reward-model judge and (b) the served SFT model as an
/// LLM judge. Both arms share the <c>oaif</c> settings; the LLM arm may tolerate more invalid verdicts.
/// </summary>
public static class HhOaifStages
{
    /// <summary>Id the served SFT judge model answers to.</summary>
    public const string ServedModelId = "hh-sft";

    /// <summary>OAIF with the trained reward model as the judge.</summary>
    public static async Task<JsonObject> WithRewardModelAsync(string splitDir, string sftDir, string rmDir,
        HhRecipeConfig c, string dir, TrainingHooks hooks, CancellationToken ct)
    {
        // The Bradley–Terry probability is symmetric in the two orders; asking twice only doubles work.
        using var session = JudgeFactory.CreateRewardModel(ModelPath(rmDir),
            new JudgeOptions { BothOrders = false, MaxConcurrency = 1 }, Truncation(c.Model), "reward-model");
        return await TrainAsync(splitDir, sftDir, session, c.Oaif, c.Model, dir, hooks, ct);
    }

    /// <summary>OAIF with the SFT model served on 127.0.0.1 as an LLM judge (a plumbing run).</summary>
    public static async Task<JsonObject> WithLlmJudgeAsync(string splitDir, string sftDir, HhRecipeConfig c,
        string dir, TrainingHooks hooks, CancellationToken ct)
    {
        await using var judge =
            await LocalLlmJudge.StartAsync(ModelPath(sftDir), ServedModelId, c.LlmJudge, ct);
        using var session = judge.CreateSession(c.LlmJudge.BothOrders);
        var config = c.Oaif with
        {
            Online = c.Oaif.Online with { MaxInvalidRate = c.LlmJudge.MaxInvalidRate },
        };
        var details = await TrainAsync(splitDir, sftDir, session, config, c.Model, dir, hooks, ct);
        details["template"] = c.LlmJudge.Template;
        details["both_orders"] = c.LlmJudge.BothOrders;
        return details;
    }

    static async Task<JsonObject> TrainAsync(string splitDir, string sftDir, JudgeSession session,
        TrainingConfig config, RecipeModelOptions m, string dir, TrainingHooks hooks, CancellationToken ct)
    {
        var tokenizer = LoadTokenizer(ModelPath(sftDir));
        var prompts = HhSplit.Prompts(HhSplit.Train(splitDir))
            .Select(p => FitPrompt(p, tokenizer, m)).ToList();
        using var policy = ModelLoader.Load(ModelPath(sftDir));
        var result = await OnlineDapTrainer.TrainAsync(policy, tokenizer, prompts, session.Annotator, config,
            dir, hooks: hooks, ct: ct);
        HhTrainingStages.SaveModel(policy, ModelPath(sftDir), dir);
        hooks.Log?.WriteLine($"recipe: judge {session.Annotator.Id}: {session.Stats}");
        var details = new JsonObject
        {
            ["judge"] = session.Annotator.Id,
            ["steps"] = result.Steps,
            ["prompts_available"] = prompts.Count,
            ["pairs_trained"] = Metric(dir, OnlineMetricKeys.Pairs).Sum(),
            ["last_kl"] = Finite(LastMetric(dir, OnlineMetricKeys.Kl)),
        };
        details["judge_stats"] = JudgeStats(session.Stats);
        return details;
    }

    /// <summary>Verdict counts and the invalid rate (final verdicts, after both orders).</summary>
    internal static JsonObject JudgeStats(AnnotatorStats s) => new()
    {
        ["verdicts"] = s.Judgements,
        ["invalid"] = s.InvalidVerdicts,
        ["ties"] = s.Ties,
        ["invalid_rate"] = s.Judgements == 0 ? null : Math.Round((double)s.InvalidVerdicts / s.Judgements, 4),
        ["endpoint_requests"] = s.Requests,
        ["unparseable_answers"] = s.UnparseableAnswers,
        ["malformed_responses"] = s.MalformedResponses,
    };
}
