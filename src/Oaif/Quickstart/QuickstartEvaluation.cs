using Oaif.Evaluation;
using Oaif.Model;
using Oaif.Training;

namespace Oaif.Quickstart;

/// <summary>Key-fact statistics of one model's evaluation responses.</summary>
/// <param name="Coverage">Mean share of the six key facts stated.</param>
/// <param name="Details">Mean number of extra details stated (0 to 3).</param>
/// <param name="WrongFacts">Mean number of wrong or invented details per response.</param>
/// <param name="MeanWords">Mean response length in words.</param>
/// <param name="MeanTokens">Mean response length in tokens.</param>
public sealed record FactStats(double Coverage, double Details, double WrongFacts, double MeanWords,
    double MeanTokens);

/// <summary>
/// Win rate against SFT after <paramref name="Step"/> updates, with its Wilson 95% interval.
/// </summary>
public sealed record CurvePoint(int Step, double WinRate, double Low, double High);

/// <summary>
/// One arm's results: against SFT under the default ("helpful") judge — the common yardstick — and
/// under the judge the arm was trained with when that differs.
/// </summary>
public sealed record ArmResult(string Name, string Description, EvaluationReport Helpful,
    EvaluationReport? OwnJudge, FactStats Facts, IReadOnlyList<CurvePoint> Curve);

/// <summary>
/// Evaluates quickstart arms against the SFT model on the held-out prompts. Responses are SAMPLED at the
/// training temperature with a fixed seed, because the sampling distribution is what preference training
/// changes (greedy decoding of the SFT model already hides most of its flaws); every model is judged
/// against the same SFT responses, in both orders.
/// </summary>
public sealed class QuickstartEvaluation
{
    const long EvalSeed = 20_241_204;
    readonly QuickstartOptions _options;
    readonly QuickstartData _data;
    readonly IStageRunner _console;
    readonly MemoizedResponseSource _sft;
    readonly IReadOnlyList<string> _prompts;

    public QuickstartEvaluation(QuickstartOptions options, QuickstartData data, LlamaForCausalLM sft,
        IStageRunner console)
    {
        (_options, _data, _console) = (options, data, console);
        _prompts = data.Eval.Select(e => e.Prompt).ToList();
        _sft = new MemoizedResponseSource(Source("sft", sft));
        var responses = _sft.RespondAsync(_prompts).GetAwaiter().GetResult();
        SftStats = Facts(_prompts, responses.Select(r => r.Text).ToList());
    }

    /// <summary>The SFT model's own statistics on the evaluation prompts.</summary>
    public FactStats SftStats { get; }

    public async Task<ArmResult> EvaluateAsync(QuickstartArm arm, CancellationToken ct = default)
    {
        var helpful = await Compare(arm.Name, arm.Model, _options.HelpfulInstruction, _prompts, ct);
        EvaluationReport? own = arm.Name.Contains("short")
            ? await Compare(arm.Name, arm.Model, _options.ShortInstruction, _prompts, ct)
            : null;
        var facts = Facts(_prompts, helpful.Pairs.Select(p => p.Candidate).ToList(),
            helpful.CandidateStats.MeanTokens);
        var curve = await CurveAsync(arm, ct);
        _console.Line($"eval arm={arm.Name} win_rate={helpful.WinRate.Value:F3} " +
                      $"ci={helpful.WinRate.Interval95} words={facts.MeanWords:F1} " +
                      $"coverage={facts.Coverage:F3} details={facts.Details:F2}");
        return new ArmResult(arm.Name, arm.Description, helpful, own, facts, curve);
    }

    // Win rate against SFT at each saved checkpoint, on the first CurvePrompts prompts.
    async Task<IReadOnlyList<CurvePoint>> CurveAsync(QuickstartArm arm, CancellationToken ct)
    {
        var prompts = _prompts.Take(_options.CurvePrompts).ToList();
        var points = new List<CurvePoint>();
        var checkpoints = Directory.GetDirectories(arm.RunDir, "checkpoint-*")
            .Select(d => (Dir: d, Step: int.Parse(Path.GetFileName(d)["checkpoint-".Length..])))
            .OrderBy(c => c.Step);
        foreach (var (dir, step) in checkpoints)
        {
            using var model = ModelLoader.Load(Path.Combine(dir, "model"));
            var report = await Compare($"{arm.Name}@{step}", model, _options.HelpfulInstruction, prompts, ct);
            var ci = report.WinRate.Interval95;
            points.Add(new CurvePoint(step, report.WinRate.Value, ci.Low, ci.High));
        }
        return points;
    }

    Task<EvaluationReport> Compare(string name, ICausalLanguageModel model, string instruction,
        IReadOnlyList<string> prompts, CancellationToken ct)
    {
        var evaluator = new Evaluator(new FactSummaryJudge(instruction), _data.Tokenizer,
            new EvaluationOptions { SampleCount = 3 });
        return evaluator.EvaluateAsync(prompts, Source(name, model), _sft, ct);
    }

    ModelResponseSource Source(string name, ICausalLanguageModel model) => new(name, model, _data.Tokenizer,
        new GenerationOptions
        {
            MaxNewTokens = _options.MaxNewTokens, Temperature = _options.Temperature, Seed = EvalSeed,
            StopTokenIds = [_data.Tokenizer.EosId!.Value], PadTokenId = _data.Tokenizer.PadId,
        }, batchSize: 64);

    FactStats Facts(IReadOnlyList<string> prompts, IReadOnlyList<string> responses, double? meanTokens = null)
    {
        double coverage = 0, details = 0, wrong = 0, words = 0;
        for (int i = 0; i < prompts.Count; i++)
        {
            var facts = ReportReader.TryRead(prompts[i])!;
            var score = FactSummaryScorer.Score(responses[i], facts, JudgeCriteria.Helpful);
            coverage += score.Coverage;
            details += score.DetailsStated;
            wrong += score.WrongFacts;
            words += score.Words;
        }
        double tokens = meanTokens ?? responses.Average(r => (double)_data.Tokenizer.Encode(r).Length);
        int n = prompts.Count;
        return new FactStats(coverage / n, details / n, wrong / n, words / n, tokens);
    }
}
