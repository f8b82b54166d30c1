using System.CommandLine;
using Oaif.Annotators;
using Oaif.Data;
using Oaif.Evaluation;
using Oaif.Model;
using Oaif.Quickstart;
using Oaif.Serving;
using Oaif.Tokenization;
using static Oaif.Cli.Commands.GenerateCommand;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif evaluate</c>: a thin wrapper over <see cref="Evaluator"/>. Generates the candidate's (and the
/// baseline model's) responses, judges every pair in both orders, writes evaluation.json and
/// evaluation.md to --out and prints the summary table.
/// </summary>
public static class EvaluateCommand
{
    /// <param name="output">Where the summary goes; standard output when null (tests pass a writer).</param>
    public static Command Create(TextWriter? output = null)
    {
        var o = new EvaluateOptions();
        var command = new Command("evaluate", "Judge a candidate model against a baseline, in both orders.");
        foreach (var option in o.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, o, output ?? Console.Out,
            cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(ParseResult parse, EvaluateOptions o, TextWriter writer,
        CancellationToken cancellationToken)
    {
        string candidatePath = parse.GetValue(o.Candidate)!;
        string? baselinePath = parse.GetValue(o.Baseline),
            responsesPath = parse.GetValue(o.BaselineResponses);
        if ((baselinePath is null) == (responsesPath is null))
            throw new OaifException("give exactly one of --baseline and --baseline-responses");
        string tokenizerPath = TokenizerFiles.Resolve(candidatePath, parse.GetValue(o.Tokenizer));
        var tokenizer = TokenizerFiles.Load(tokenizerPath);
        var prompts = LoadPrompts(parse, o, tokenizerPath);
        var generation = new GenerationOptions
        {
            MaxNewTokens = parse.GetValue(o.MaxNewTokens),
            Temperature = parse.GetValue(o.Temperature),
            Seed = parse.GetValue(o.Seed),
            StopTokenIds = tokenizer.EosId is { } eos ? [eos] : null,
        };
        var (device, dtype) = (ModelLoader.ParseDevice(parse.GetValue(o.Device)!),
            ModelLoader.ParseDType(parse.GetValue(o.DType)!));

        // The judge first: a wrong --judge should fail before minutes of model loading.
        var (judge, session) = Judge(parse, o);
        using var _ = session;
        using var candidateModel = ModelLoader.Load(candidatePath, device, dtype);
        using var baselineModel = baselinePath is null ? null : ModelLoader.Load(baselinePath, device, dtype);
        var names = DisplayNames(candidatePath, baselinePath ?? responsesPath!);
        var candidate = new ModelResponseSource(names.Candidate, candidateModel, tokenizer, generation);
        IResponseSource baseline = baselineModel is null
            ? FixedResponseSource.FromJsonl(responsesPath!)
            : new ModelResponseSource(names.Baseline, baselineModel, tokenizer, generation);

        var options = new EvaluationOptions
        {
            MaxConcurrency = parse.GetValue(o.JudgeConcurrency),
            Instruction = parse.GetValue(o.JudgeInstruction),
        };
        var report = await new Evaluator(judge, tokenizer, options)
            .EvaluateAsync(prompts, candidate, baseline, cancellationToken);
        string outDir = parse.GetValue(o.Out)!;
        EvaluationWriter.Write(report, outDir, options.SampleCount);
        writer.Write(EvaluationWriter.SummaryTable(report));
        writer.WriteLine($"oaif: wrote {Path.Combine(outDir, EvaluationWriter.JsonFile)} and " +
                         $"{EvaluationWriter.MarkdownFile} ({report.Seconds:F1} s)");
        // Files are written first so nothing is lost, but an evaluation without a single valid verdict
        // (a dead endpoint, a judge that never answers with a label) measured nothing: not a success.
        if (report.Outcome.Judged == 0 && report.Pairs.Count > 0)
        {
            var reason = InvalidReasons.MostCommon(report.Pairs.Select(p => p.InvalidReason),
                report.Pairs.Count);
            throw new OaifException($"evaluate: no valid verdict; all {report.Pairs.Count} comparisons " +
                                    $"were invalid, most often: {reason}");
        }
        return 0;
    }

    static List<string> LoadPrompts(ParseResult parse, EvaluateOptions o, string tokenizerPath)
    {
        var data = DatasetLoader.LoadPrompts(parse.GetValue(o.Prompts)!,
            new DatasetOptions { Chat = TokenizerFiles.ChatFormatterFor(tokenizerPath) });
        int limit = parse.GetValue(o.Limit);
        if (limit < 0) throw new OaifException($"--limit must be >= 0, got {limit}");
        var prompts = data.Rows.Select(r => r.Prompt);
        return (limit > 0 ? prompts.Take(limit) : prompts).ToList();
    }

    /// <summary>The single-order judge named by --judge; the evaluator adds the second order.</summary>
    static (IAnnotator Judge, IDisposable? Session) Judge(ParseResult parse, EvaluateOptions o)
    {
        string name = parse.GetValue(o.Judge)!;
        switch (name)
        {
            case "builtin-fact-summary":
                return (new FactSummaryJudge(parse.GetValue(o.JudgeInstruction)), null);
            case "rule:shorter": return (RuleJudge.Shorter(), null);
            case "rule:longer": return (RuleJudge.Longer(), null);
            case var rule when rule.StartsWith("rule:contains=", StringComparison.Ordinal):
                return (RuleJudge.Contains(rule["rule:contains=".Length..]), null);
            case var rm when rm.StartsWith("rm:", StringComparison.Ordinal):
                var rewardModel = JudgeFactory.CreateRewardModel(rm["rm:".Length..],
                    new JudgeOptions { BothOrders = false });
                return (rewardModel.Annotator, rewardModel);
            case not "openai":
                throw new OaifException($"--judge '{name}' is not one of builtin-fact-summary, " +
                                        "rule:shorter, rule:longer, rule:contains=<text>, rm:<dir>, openai");
        }
        string endpoint = parse.GetValue(o.JudgeEndpoint)
            ?? throw new OaifException(
                "--judge openai needs --judge-endpoint (e.g. http://127.0.0.1:8000/v1)");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new OaifException($"--judge-endpoint '{endpoint}' is not an absolute URL");
        JudgeEndpointProbe.EnsureReachableAsync(uri, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        var session = JudgeFactory.CreateOpenAICompatible(new JudgeOptions
        {
            Endpoint = new JudgeEndpointOptions
            {
                Endpoint = uri,
                Model = parse.GetValue(o.JudgeModel) ?? "",
                ApiKeyEnvironmentVariable = parse.GetValue(o.JudgeApiKeyEnv),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(o.JudgeTimeout)),
            },
            Judge = new LlmJudgeOptions
            {
                Template = JudgeTemplate.Load(parse.GetValue(o.JudgeTemplate)!),
                Instruction = parse.GetValue(o.JudgeInstruction),
            },
            BothOrders = false,
            MaxConcurrency = 2 * parse.GetValue(o.JudgeConcurrency),
            MaxRequests = parse.GetValue(o.JudgeMaxRequests),
        });
        return (session.Annotator, session);
    }

    /// <summary>
    /// Display names of the two models: their last path parts, with as many parent folders as it takes to
    /// tell them apart (two checkpoints' "model" folders become "online/checkpoint-80/model" and
    /// "sft/model").
    /// </summary>
    public static (string Candidate, string Baseline) DisplayNames(string candidatePath, string baselinePath)
    {
        static string[] Parts(string path)
        {
            string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            if (File.Exists(full)) full = Path.ChangeExtension(full, null);
            return full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        }
        var (a, b) = (Parts(candidatePath), Parts(baselinePath));
        for (int take = 1; ; take++)
        {
            string nameA = string.Join('/', a.TakeLast(take)), nameB = string.Join('/', b.TakeLast(take));
            if (nameA != nameB || take >= Math.Max(a.Length, b.Length)) return (nameA, nameB);
        }
    }

    /// <summary>The options, kept apart so the command reads as its steps.</summary>
    sealed class EvaluateOptions
    {
        public Option<string> Candidate { get; } = new("--candidate")
        {
            Description = "Candidate model: Hugging Face directory or llama2.c .bin", Required = true,
        };
        public Option<string?> Baseline { get; } = new("--baseline") { Description = "Baseline model" };
        public Option<string?> BaselineResponses { get; } = new("--baseline-responses")
        {
            Description = "JSONL of {\"prompt\", \"response\"} to use as the baseline instead of a model",
        };
        public Option<string> Prompts { get; } = new("--prompts")
        {
            Description = "Prompt set (.jsonl, .jsonl.gz or .parquet)", Required = true,
        };
        public Option<string?> Tokenizer { get; } = new("--tokenizer")
        {
            Description = "tokenizer.json; default: tokenizer.json in the candidate's directory",
        };
        public Option<string> Judge { get; } = JudgeOption();
        public Option<string?> JudgeEndpoint { get; } = new("--judge-endpoint")
        {
            Description = "OpenAI-compatible base URL for --judge openai, e.g. http://127.0.0.1:8000/v1",
        };
        public Option<string?> JudgeModel { get; } = new("--judge-model")
        {
            Description = "Judge model name",
        };
        public Option<string?> JudgeApiKeyEnv { get; } = new("--judge-api-key-env")
        {
            Description = "Name of the environment variable holding the judge's API key",
        };
        public Option<string?> JudgeInstruction { get; } = new("--judge-instruction")
        {
            Description = "Free-text instruction for the judge, e.g. 'prefer the shorter answer'",
        };
        public Option<string> JudgeTemplate { get; } =
            Opt("--judge-template", "summary, helpfulness, harmlessness or a template file", "helpfulness");
        public Option<int> JudgeConcurrency { get; } = Opt("--judge-concurrency", "Pairs judged at once", 4);
        public Option<double> JudgeTimeout { get; } =
            Opt("--judge-timeout", "openai judge: seconds per request before it is retried", 60.0);
        public Option<long?> JudgeMaxRequests { get; } = new("--judge-max-requests")
        {
            Description = "openai judge: most requests to send; past it verdicts are Invalid",
        };
        public Option<int> MaxNewTokens { get; } = Opt("--max-new-tokens", "Tokens generated per response",
            128);
        public Option<double> Temperature { get; } = Opt("--temperature", "0 = greedy (default)", 0.0);
        public Option<long?> Seed { get; } = new("--seed")
        {
            Description = "Sampling seed when temperature > 0",
        };
        public Option<int> Limit { get; } = Opt("--limit", "Use only the first N prompts; 0 = all", 0);
        public Option<string> Out { get; } = new("--out")
        {
            Description = "Directory for evaluation.json and evaluation.md", Required = true,
        };
        public Option<string> Device { get; } = DeviceOption();
        public Option<string> DType { get; } = DTypeOption();

        static Option<string> JudgeOption()
        {
            return Opt("--judge",
                "builtin-fact-summary, rule:shorter, rule:longer, rule:contains=<text>, " +
                "rm:<reward model dir> or openai", "builtin-fact-summary");
        }

        public Option[] All =>
        [
            Candidate, Baseline, BaselineResponses, Prompts, Tokenizer, Judge, JudgeEndpoint, JudgeModel,
            JudgeApiKeyEnv, JudgeInstruction, JudgeTemplate, JudgeConcurrency, JudgeTimeout, JudgeMaxRequests,
            MaxNewTokens, Temperature,
            Seed,
            Limit, Out, Device, DType,
        ];
    }
}
