using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oaif.Annotators;
using Oaif.Evaluation;
using Oaif.Model;
using Oaif.Tokenization;
using static Oaif.Recipes.RecipeFiles;

namespace Oaif.Recipes;

/// <summary>
/// Stage 6 of the HH recipe: every trained arm against the SFT model on the held-out prompts. Each model
/// answers once (greedy; saved under responses/), then each judge compares every arm with SFT in both
/// orders: the reward model for all arms (the common yardstick) and, when enabled, the served SFT
/// model as an LLM judge (weak; its invalid verdicts are counted and dropped).
/// </summary>
public static class HhEvaluationStage
{
    /// <summary>Name of the baseline arm.</summary>
    public const string Baseline = "sft";

    static readonly JsonSerializerOptions Json =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Evaluates <paramref name="arms"/> (name → stage folder; must include "sft").</summary>
    public static async Task<JsonObject> RunAsync(string splitDir, IReadOnlyDictionary<string, string> arms,
        string rmDir, HhRecipeConfig c, string dir, TextWriter log, CancellationToken ct)
    {
        var sftModel = ModelPath(arms[Baseline]);
        var tokenizer = LoadTokenizer(sftModel);
        var prompts = HhSplit.Prompts(HhSplit.HeldOut(splitDir))
            .Select(p => FitPrompt(p, tokenizer, c.Model));
        var promptList = (c.Evaluation.Prompts > 0 ? prompts.Take(c.Evaluation.Prompts) : prompts).ToList();

        // respond: each model once, greedy, from the same prompts
        var responses = new Dictionary<string, IReadOnlyList<SourcedResponse>>();
        foreach (var (arm, stageDir) in arms)
        {
            responses[arm] = await RespondAsync(ModelPath(stageDir), tokenizer, promptList, c.Evaluation, ct);
            Save(Path.Combine(dir, "responses", arm + ".jsonl"), promptList, responses[arm]);
            log.WriteLine($"recipe: evaluation: {arm} answered {promptList.Count} prompts");
        }

        // judge: the reward model for every arm, then the served SFT model when enabled
        var rows = new JsonArray();
        var rmOptions = new JudgeOptions { BothOrders = false, MaxConcurrency = 1 };
        using (var rm = JudgeFactory.CreateRewardModel(ModelPath(rmDir), rmOptions, Truncation(c.Model),
                   "reward-model"))
            await JudgeArmsAsync(rm.Annotator, "rm", 1, promptList, responses, tokenizer, dir, rows, log, ct);
        if (c.Evaluation.LlmJudge)
        {
            await using var served = await LocalLlmJudge.StartAsync(sftModel, HhOaifStages.ServedModelId,
                c.LlmJudge, ct);
            using var llm = served.CreateSession(bothOrders: false);
            await JudgeArmsAsync(llm.Annotator, "llm", c.LlmJudge.MaxConcurrency, promptList, responses,
                tokenizer, dir, rows, log, ct);
        }
        return new JsonObject { ["prompts"] = promptList.Count, ["comparisons"] = rows };
    }

    static async Task JudgeArmsAsync(IAnnotator judge, string judgeName, int concurrency,
        List<string> prompts, Dictionary<string, IReadOnlyList<SourcedResponse>> responses,
        ITokenizer tokenizer, string dir, JsonArray rows, TextWriter log, CancellationToken ct)
    {
        var baseline = new RecordedResponses(Baseline, responses[Baseline]);
        foreach (var arm in responses.Keys.Where(a => a != Baseline))
        {
            var options = new EvaluationOptions { MaxConcurrency = concurrency };
            var evaluator = new Evaluator(judge, tokenizer, options);
            var report = await evaluator.EvaluateAsync(prompts, new RecordedResponses(arm, responses[arm]),
                baseline, ct);
            EvaluationWriter.Write(report, Path.Combine(dir, judgeName, arm));
            rows.Add(Row(arm, report));
            log.WriteLine($"recipe: evaluation: {arm} vs sft by {report.Judge}: win rate " +
                $"{report.WinRate.Value:F3} {report.WinRate.Interval95} ({report.Outcome.Invalid} invalid)");
        }
    }

    static JsonObject Row(string arm, EvaluationReport r) => new()
    {
        ["arm"] = arm,
        ["baseline"] = Baseline,
        ["judge"] = r.Judge,
        ["wins"] = r.Outcome.Wins,
        ["ties"] = r.Outcome.Ties,
        ["losses"] = r.Outcome.Losses,
        ["invalid"] = r.Outcome.Invalid,
        ["win_rate"] = Finite(r.WinRate.Value),
        // The judge's mean P(arm better) over valid pairs: shows a direction even when every pair falls
        // inside the tie band and the counts say nothing.
        ["mean_probability"] = r.Pairs.Any(p => p.ProbabilityCandidate is not null)
            ? Finite(r.Pairs.Where(p => p.ProbabilityCandidate is not null)
                .Average(p => p.ProbabilityCandidate!.Value)) : null,
        ["win_rate_low"] = Finite(r.WinRate.Interval95.Low),
        ["win_rate_high"] = Finite(r.WinRate.Interval95.High),
        ["win_share_low"] = Finite(r.Wins.Interval95.Low),
        ["win_share_high"] = Finite(r.Wins.Interval95.High),
        ["loss_share_low"] = Finite(r.Losses.Interval95.Low),
        ["loss_share_high"] = Finite(r.Losses.Interval95.High),
        ["candidate_mean_tokens"] = Finite(r.CandidateStats.MeanTokens),
        ["baseline_mean_tokens"] = Finite(r.BaselineStats.MeanTokens),
        ["candidate_eos_rate"] = r.CandidateStats.EosRate is { } a ? Finite(a) : null,
        ["baseline_eos_rate"] = r.BaselineStats.EosRate is { } b ? Finite(b) : null,
    };

    static async Task<IReadOnlyList<SourcedResponse>> RespondAsync(string modelDir, ITokenizer tokenizer,
        List<string> prompts, RecipeEvaluationOptions o, CancellationToken ct)
    {
        using var model = ModelLoader.Load(modelDir);
        var generation = new GenerationOptions
        {
            MaxNewTokens = o.MaxNewTokens, Temperature = 0,
            StopTokenIds = tokenizer.EosId is { } eos ? [eos] : null, PadTokenId = tokenizer.PadId,
        };
        var source = new ModelResponseSource(Path.GetFileName(modelDir), model, tokenizer, generation,
            o.BatchSize);
        // The models were trained with BOS before every prompt; the source encodes prompts as given.
        var bos = tokenizer.BosId is { } id ? tokenizer.Decode([id], skipSpecialTokens: false) : "";
        return await source.RespondAsync(prompts.Select(p => bos + p).ToList(), ct);
    }

    static void Save(string path, List<string> prompts, IReadOnlyList<SourcedResponse> responses)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, prompts.Select((p, i) => JsonSerializer.Serialize(new
        {
            prompt = p, response = responses[i].Text, ended_with_eos = responses[i].EndedWithEos,
        }, Json)));
    }

    /// <summary>Responses generated earlier in this stage, in prompt order.</summary>
    sealed class RecordedResponses(string name, IReadOnlyList<SourcedResponse> responses) : IResponseSource
    {
        public string Name => name;

        public Task<IReadOnlyList<SourcedResponse>> RespondAsync(IReadOnlyList<string> prompts,
            CancellationToken cancellationToken = default) => Task.FromResult(responses);
    }
}
