using System.CommandLine;
using System.Text.Json;
using Oaif.Annotators;
using Oaif.Cli.Infrastructure;
using Oaif.Data;
using Oaif.Model;
using Oaif.Quickstart;
using Oaif.Serving;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif train</c>: online DAP from AI feedback (default) or offline DAP on a preference file. The run
/// directory gets config.json (the effective training config) and judge.json (judge settings; the API
/// key is never written, only the name of the variable that holds it).
/// </summary>
public static class TrainCommand
{
    sealed record Flags(Option<string> Mode, Option<string> Model, Option<string> Tokenizer,
        Option<string?> Prompts, Option<string?> Data, Option<string?> Loss, Option<string> Judge,
        Option<string?> Endpoint, Option<string?> JudgeModel, Option<string?> KeyEnv,
        Option<string?> Instruction, Option<string?> Template, Option<string?> Config, Option<string[]> Set,
        Option<string?> Out, Option<string?> Resume, Option<string?> Replay, Option<string> Device,
        Option<string> DType, Option<bool> Quiet, Option<bool> SkipBadRows, Option<bool> Pipeline,
        Option<long?> JudgeMaxRequests, Option<double?> JudgeTimeout, Option<double?> PriceIn,
        Option<double?> PriceOut);

    public static Command Create()
    {
        var f = new Flags(
            Opt("--mode", "online (sample, judge, update each step) or offline (fixed preference data)",
                "online"),
            new Option<string>("--model") { Description = "Starting policy: HF directory or llama2.c .bin",
                Required = true },
            new Option<string>("--tokenizer") { Description = "tokenizer.json", Required = true },
            new Option<string?>("--prompts") { Description = "Prompt set (online mode)" },
            new Option<string?>("--data")
            {
                Description = "Preference set (offline mode), e.g. a pairs.jsonl",
            },
            new Option<string?>("--loss") { Description = "dpo, ipo, slic or hinge (sets loss.type)" },
            Opt("--judge", "builtin-fact-summary, rule:shorter, rule:longer, rule:contains=<text>, " +
                "rm:<reward model dir> or openai",
                "builtin-fact-summary"),
            new Option<string?>("--judge-endpoint") { Description = "OpenAI-compatible base URL (…/v1)" },
            new Option<string?>("--judge-model") { Description = "Judge model name" },
            new Option<string?>("--judge-api-key-env")
            {
                Description = "NAME of the env variable holding the key",
            },
            new Option<string?>("--judge-instruction") { Description = "Free-text guidance for the judge" },
            new Option<string?>("--judge-template")
            {
                Description = "summary, helpfulness, harmlessness or a file",
            },
            CommonOptions.Config(), CommonOptions.Set(), CommonOptions.Out(), CommonOptions.Resume(),
            new Option<string?>("--replay")
            {
                Description = "Replay an online run's pairs.jsonl (no judge calls)",
            },
            CommonOptions.Device(), CommonOptions.DType(), CommonOptions.Quiet(),
            new Option<bool>("--skip-bad-rows") { Description = "Offline: skip and count malformed rows " +
                "instead of stopping (tie/invalid lines of a pairs.jsonl are skipped without it)" },
            new Option<bool>("--pipeline") { Description = "Online: judge step t+1 while step t updates " +
                "(sets online.pipeline; pairs are then one update old)" },
            new Option<long?>("--judge-max-requests")
            {
                Description = "openai judge: most requests to send; past it verdicts are Invalid, " +
                    "the run goes on",
            },
            new Option<double?>("--judge-timeout") { Description = "openai judge: seconds per request (60)" },
            new Option<double?>("--judge-price-in") { Description = "openai judge: price / 1M input tokens" },
            new Option<double?>("--judge-price-out")
            {
                Description = "openai judge: price per 1M output tokens",
            });
        f.Mode.AcceptOnlyFromAmong("online", "offline");
        var command = new Command("train",
            "Align a model with DPO/IPO/SLiC/hinge, online (OAIF) or offline.");
        foreach (var option in typeof(Flags).GetProperties().Select(p => (Option)p.GetValue(f)!))
            command.Options.Add(option);
        command.SetAction((parse, ct) => RunAsync(parse, f, ct));
        return command;
    }

    static Option<string> Opt(string name, string description, string value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    static async Task<int> RunAsync(ParseResult parse, Flags f, CancellationToken ct)
    {
        string? resume = parse.GetValue(f.Resume);
        string runDir = resume ?? parse.GetValue(f.Out)
            ?? throw new OaifException("train: --out <run dir> is required");
        var device = ModelLoader.ParseDevice(parse.GetValue(f.Device)!);
        var dtype = ModelLoader.ParseDType(parse.GetValue(f.DType)!);
        var tokenizer = HuggingFaceTokenizer.Load(parse.GetValue(f.Tokenizer)!);
        var config = resume is null ? LoadConfig(parse, f) : ResumedConfig(parse, f, resume);
        using var policy = ModelLoader.Load(parse.GetValue(f.Model)!, device, dtype);
        bool quiet = parse.GetValue(f.Quiet);
        TrainingResult result;
        try
        {
            if (parse.GetValue(f.Mode) == "offline")
            {
                var data = Tokenize(LoadPreferences(parse, f), tokenizer,
                    policy.Config.MaxPositionEmbeddings, parse.GetValue(f.Data)!);
                result = ConsoleTraining.Run("offline", quiet, hooks => resume is null
                    ? OfflineDapTrainer.Train(policy, data, config, runDir, hooks: hooks, ct: ct)
                    : OfflineDapTrainer.Resume(runDir, p => ModelLoader.Load(p, device, dtype), policy,
                        data, hooks: hooks, ct: ct));
            }
            else
            {
                var prompts = config.Online.Replays ? []
                    : LoadPrompts(parse, f, tokenizer, config, policy.Config.MaxPositionEmbeddings);
                var chosen = resume is null ? JudgeSettings(parse, f) : ResumedJudge(parse, f, runDir);
                using var session = config.Online.Replays ? null
                    : CreateJudge(parse, f, chosen, config, tokenizer);
                if (resume is null) Directory.CreateDirectory(runDir);
                if (resume is null) WriteJudgeSettings(chosen, runDir, config);
                result = ConsoleTraining.Run("online", quiet, hooks => (resume is null
                    ? OnlineDapTrainer.TrainAsync(policy, tokenizer, prompts, session?.Annotator, config,
                        runDir, hooks: hooks, ct: ct)
                    : OnlineDapTrainer.ResumeAsync(runDir, p => ModelLoader.Load(p, device, dtype), policy,
                        tokenizer, prompts, session?.Annotator, hooks, ct)).GetAwaiter().GetResult());
                if (session is not null) Console.WriteLine($"judge: {session.Stats}");
            }
        }
        finally
        {
            // Also when the run stops early (a failing judge, an interruption): every checkpoint it left
            // should load on its own.
            if (Directory.Exists(runDir))
                TokenizerFiles.CopyIntoCheckpoints(parse.GetValue(f.Tokenizer)!, runDir);
        }
        if (!ReferenceEquals(result.Policy, policy)) result.Policy.Dispose();
        Console.WriteLine($"done: {result.Steps} steps; last checkpoint {result.LastCheckpoint}");
        return 0;
    }

    /// <summary>
    /// A resumed run keeps its own config.json and judge: flags that would change either are refused,
    /// so the run's record (config.json, judge.json) stays true to what trained it.
    /// </summary>
    static TrainingConfig ResumedConfig(ParseResult parse, Flags f, string runDir)
    {
        Option[] configFlags = [f.Config, f.Set, f.Loss, f.Pipeline, f.Replay, f.Out];
        if (configFlags.FirstOrDefault(x => parse.GetResult(x) is { Implicit: false }) is { } bad)
            throw new OaifException(
                $"train: {bad.Name} cannot be combined with --resume (the run keeps its own directory and " +
                "config.json)");
        string path = Path.Combine(runDir, "config.json");
        if (!File.Exists(path)) throw new OaifException($"{path}: not found; is {runDir} a training run?");
        return ConfigLoader.Load(path);
    }

    /// <summary>
    /// The judge a resumed run continues with: judge.json's settings, each overridable only by a flag
    /// given with the same value, so a forgotten flag cannot switch the judge and a different one is
    /// refused.
    /// </summary>
    static Dictionary<string, string?> ResumedJudge(ParseResult parse, Flags f, string runDir)
    {
        var given = JudgeFlags(parse, f);
        string path = Path.Combine(runDir, "judge.json");
        if (!File.Exists(path)) return JudgeSettings(parse, f); // runs made before judge.json existed
        var saved = JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(path))
            ?? throw new OaifException($"{path}: empty");
        var chosen = new Dictionary<string, string?>();
        foreach (var (key, (flag, value)) in given)
        {
            saved.TryGetValue(key, out var before);
            if (parse.GetResult(flag) is { Implicit: false } && before != value)
                throw new OaifException($"train: {path} says {key} = {Shown(before)}, {flag.Name} gives " +
                                        $"{Shown(value)}; resume with the judge the run started with");
            chosen[key] = before;
        }
        return chosen;
    }

    static string Shown(string? value) => value is null ? "(not set)" : $"'{value}'";

    static TrainingConfig LoadConfig(ParseResult parse, Flags f)
    {
        var overrides = new List<string>(parse.GetValue(f.Set) ?? []);
        if (parse.GetValue(f.Loss) is { } loss) overrides.Add($"loss.type={loss}");
        if (parse.GetValue(f.Pipeline)) overrides.Add("online.pipeline=true");
        if (parse.GetValue(f.Replay) is { } replay)
            overrides.Add($"online.replay_from={Path.GetFullPath(replay)}");
        string? configPath = parse.GetValue(f.Config);
        // Replaying means re-running the recorded updates, so without --config the recorded run's own
        // config.json (beside its pairs.jsonl) is the right one, not the built-in defaults.
        if (configPath is null && parse.GetValue(f.Replay) is { } recorded
            && Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recorded))!, "config.json") is var beside
            && File.Exists(beside))
        {
            configPath = beside;
            Console.Error.WriteLine($"oaif: replay uses the recorded run's config: {beside}");
        }
        return TrainingInputs.WarnAbout(ConfigLoader.Load(configPath, overrides));
    }

    static List<string> LoadPrompts(ParseResult parse, Flags f, ITokenizer tokenizer, TrainingConfig config,
        int maxPositions)
    {
        var path = parse.GetValue(f.Prompts)
            ?? throw new OaifException("train --mode online: --prompts is required");
        var rows = DatasetLoader.LoadPrompts(path).Rows;
        // A prompt plus its sampled answer must fit the model's positions; past them the rotary
        // embedding is extrapolated and the policy trains on garbage without any error.
        int answer = config.Online.MaxNewTokens;
        foreach (var row in rows)
        {
            int length = tokenizer.EncodePrompt(row.Prompt).Length;
            if (length + answer > maxPositions)
                throw new OaifException($"{path}:{row.Line}: prompt is {length} tokens; with " +
                    $"online.max_new_tokens {answer} it needs {length + answer} positions but the model " +
                    $"holds {maxPositions}; shorten or drop it");
        }
        return rows.Select(r => r.Prompt).ToList();
    }

    static IReadOnlyList<Oaif.Data.PreferenceExample> LoadPreferences(ParseResult parse, Flags f)
    {
        var path = parse.GetValue(f.Data)
            ?? throw new OaifException("train --mode offline: --data is required");
        var chatConfig = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parse.GetValue(f.Tokenizer)!))!,
            "tokenizer_config.json");
        var chat = File.Exists(chatConfig)
            ? ChatFormatter.FromTokenizerConfig(chatConfig)
            : new(ChatFamily.Plain);
        var options = new DatasetOptions { Chat = chat, SkipBadRows = parse.GetValue(f.SkipBadRows) };
        var set = DatasetLoader.LoadPreferences(path, options);
        if (set.Report.RowsUsed < set.Report.RowsRead)
            Console.WriteLine($"{path}: using {set.Report.RowsUsed} of {set.Report.RowsRead} rows");
        return set.Rows;
    }

    /// <summary>
    /// Tokenizes with the same encoder SFT and reward-model training use (BOS before prompts, EOS after
    /// responses, as sampled ones have), fitted into the policy's context window.
    /// </summary>
    static List<Oaif.Training.PreferenceExample> Tokenize(IReadOnlyList<Oaif.Data.PreferenceExample> rows,
        ITokenizer tokenizer, int contextLength, string source)
    {
        var truncation = new TruncationPolicy { MaxSequenceTokens = contextLength };
        var encoder = new ExampleEncoder(tokenizer, truncation);
        return rows.Select(r => encoder.Preference(r, source)).ToList();
    }

    static JudgeSession CreateJudge(ParseResult parse, Flags f, IReadOnlyDictionary<string, string?> chosen,
        TrainingConfig config, ITokenizer tokenizer)
    {
        string judge = chosen["judge"]!;
        string? instruction = chosen["instruction"];
        var options = new JudgeOptions
        {
            MaxConcurrency = config.Online.JudgeConcurrency, MaxRequests = parse.GetValue(f.JudgeMaxRequests),
        };
        if (judge == "openai" && Uri.TryCreate(chosen["endpoint"], UriKind.Absolute, out var probe))
            JudgeEndpointProbe.EnsureReachableAsync(probe, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        if (judge == "openai") return JudgeFactory.CreateOpenAICompatible(options with
        {
            Endpoint = new JudgeEndpointOptions
            {
                Endpoint = Uri.TryCreate(chosen["endpoint"], UriKind.Absolute, out var uri) ? uri : null,
                Model = chosen["model"] ?? "",
                ApiKeyEnvironmentVariable = chosen["api_key_env"],
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(f.JudgeTimeout) ?? 60),
            },
            Judge = new LlmJudgeOptions
            {
                Instruction = instruction,
                Template = chosen["template"] is { } t ? JudgeTemplate.Load(t) : JudgeTemplate.Helpfulness,
                InputPricePerMillion = parse.GetValue(f.PriceIn) ?? 0,
                OutputPricePerMillion = parse.GetValue(f.PriceOut) ?? 0,
            },
        });
        if (judge.StartsWith("rm:", StringComparison.Ordinal))
            return JudgeFactory.CreateRewardModel(judge["rm:".Length..], options with { BothOrders = false });
        IAnnotator core = judge switch
        {
            "builtin-fact-summary" => new FactSummaryJudge(instruction),
            "rule:shorter" => RuleJudge.Shorter(RuleJudge.TokenLength(tokenizer)),
            "rule:longer" => RuleJudge.Longer(RuleJudge.TokenLength(tokenizer)),
            _ when judge.StartsWith("rule:contains=", StringComparison.Ordinal) =>
                RuleJudge.Contains(judge["rule:contains=".Length..]),
            _ => throw new OaifException(
                $"--judge '{judge}' is not one of builtin-fact-summary, rule:shorter, " +
                "rule:longer, rule:contains=<text>, rm:<dir>, openai"),
        };
        // Deterministic judges give the same verdict in both orders; asking twice only doubles the work.
        return JudgeFactory.Compose(core, options with { BothOrders = false });
    }

    /// <summary>The settings judge.json records, each with the flag that sets it and its value.</summary>
    static Dictionary<string, (Option Flag, string? Value)> JudgeFlags(ParseResult parse, Flags f) => new()
    {
        ["judge"] = (f.Judge, parse.GetValue(f.Judge)),
        ["endpoint"] = (f.Endpoint, parse.GetValue(f.Endpoint)),
        ["model"] = (f.JudgeModel, parse.GetValue(f.JudgeModel)),
        ["api_key_env"] = (f.KeyEnv, parse.GetValue(f.KeyEnv)),
        ["instruction"] = (f.Instruction, parse.GetValue(f.Instruction)),
        ["template"] = (f.Template, parse.GetValue(f.Template)),
    };

    static Dictionary<string, string?> JudgeSettings(ParseResult parse, Flags f) =>
        JudgeFlags(parse, f).ToDictionary(x => x.Key, x => x.Value.Value);

    /// <summary>judge.json: what judged the run. Holds the key's variable NAME, never its value.</summary>
    static void WriteJudgeSettings(IReadOnlyDictionary<string, string?> chosen, string runDir,
        TrainingConfig config)
    {
        var settings = new Dictionary<string, string?>(chosen);
        if (config.Online.Replays) settings["judge"] = "replay";
        var json = JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(runDir, "judge.json"), json + "\n");
    }
}
