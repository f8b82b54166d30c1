using System.CommandLine;
using Oaif.Cli.Infrastructure;
using Oaif.Data;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Tokenization;
using Oaif.Training;
using static Oaif.Cli.Commands.TrainingInputs;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif sft</c>: supervised fine-tuning on (prompt, completion) or message rows, from a preset
/// trained from scratch or from a model directory. The run directory gets tokenizer/ (its own copy, or
/// one trained on the data), config.json, sft_run.json, metrics.jsonl, checkpoint-N/ and finally model/
/// with tokenizer.json beside the weights, so generate/serve/train can load model/ alone.
/// </summary>
public static class SftCommand
{
    /// <summary>Used when no --config is given. A from-scratch run needs a far larger rate than the
    /// alignment defaults of <see cref="TrainerOptions"/>; these are common small-model SFT
    /// choices.</summary>
    const string Defaults = """
        trainer:
          learning_rate: 1e-3
          warmup_steps: 20
          schedule: cosine
          min_learning_rate_ratio: 0.1
          batch_size: 16
          epochs: 3
          log_every: 10
          eval_every: 100
          save_every: 200
        """;

    sealed record Options(Option<string?> Data, Option<string?> Preset, Option<string?> Tokenizer,
        Option<int?> TrainTokenizer, Option<string?> Model, Option<string?> Config, Option<string[]> Set,
        Option<string?> Out, Option<string?> Resume, Option<string> Device, Option<string> DType,
        Option<double> EvalFraction, Option<int?> MaxLength, Option<bool> Quiet);

    /// <param name="output">Log lines go here instead of the console progress display (tests).</param>
    public static Command Create(TextWriter? output = null)
    {
        var o = new Options(
            new("--data") { Description =
                "SFT data (.jsonl, .jsonl.gz, .parquet): prompt+completion or messages." },
            new("--preset") { Description = $"Train from scratch: {string.Join(", ", ModelPresets.Names)}." },
            new("--tokenizer") { Description =
                "tokenizer.json (default with --model: the one in the model dir)." },
            new("--train-tokenizer") { Description =
                "Train a byte-level BPE of this vocabulary size on the data." },
            new("--model") { Description = "Continue from a Hugging Face model directory." },
            CommonOptions.Config(), CommonOptions.Set(), CommonOptions.Out(), CommonOptions.Resume(),
            CommonOptions.Device(), CommonOptions.DType(),
            new("--eval-fraction") { Description = "Rows held out for eval loss.", DefaultValueFactory = _
                => 0.05 },
            new("--max-length") { Description = "Prompt+completion token limit (default: 512 for presets, " +
                "else the model's context up to 1024)." },
            CommonOptions.Quiet());
        var command = new Command("sft", "Supervised fine-tuning (completion-only loss, EOS appended).");
        Option[] all = [o.Data, o.Preset, o.Tokenizer, o.TrainTokenizer, o.Model, o.Config, o.Set, o.Out,
            o.Resume, o.Device, o.DType, o.EvalFraction, o.MaxLength, o.Quiet];
        foreach (var option in all) command.Options.Add(option);
        command.SetAction(parse => parse.GetValue(o.Resume) is { } run
            ? Resume(parse, o, run, output)
            : Start(parse, o, output));
        return command;
    }

    static int Start(ParseResult parse, Options o, TextWriter? output)
    {
        var runDir = parse.GetValue(o.Out) ?? throw new OaifException("sft: --out <run dir> is required");
        var data = Path.GetFullPath(parse.GetValue(o.Data)
            ?? throw new OaifException("sft: --data is required"));
        var config = LoadConfig(parse.GetValue(o.Config), parse.GetValue(o.Set), Defaults, "sft");
        if (CheckpointStore.Latest(runDir) is { } existing)
            throw new OaifException(
                $"{runDir}: already holds {Path.GetFileName(existing)}; use --resume {runDir}");
        Directory.CreateDirectory(runDir);
        var device = ModelLoader.ParseDevice(parse.GetValue(o.Device)!);
        var dtype = ModelLoader.ParseDType(parse.GetValue(o.DType)!);

        // tokenizer: the run keeps its own copy, so the run directory is self-contained
        var (tokenizer, rows) = PrepareTokenizer(parse, o, runDir, data);

        // starting model
        var (policy, from) = StartingModel(parse, o, tokenizer, config.Trainer.Seed, device, dtype);
        using var _ = policy;
        int maxLength = parse.GetValue(o.MaxLength)
            ?? (parse.GetValue(o.Preset) is null ? Math.Min(1024, policy.Config.MaxPositionEmbeddings) : 512);
        var settings = new SftRunSettings
        {
            Data = data, EvalFraction = parse.GetValue(o.EvalFraction), MaxLength = maxLength,
                StartedFrom = from,
        };
        settings.Save(runDir);
        var (train, eval) = Encode(rows, tokenizer, settings, config.Trainer.Seed);
        Report(output, $"sft: {train.Count} train / {eval.Count} eval rows, model {from} " +
            $"({ModelPresets.ParameterCount(policy.Config):N0} parameters), vocab {tokenizer.VocabSize}");

        var result = TrainingInputs.Run(output, parse.GetValue(o.Quiet), "sft",
            hooks => SftTrainer.Train(policy, train, config, runDir, eval, hooks));
        return Finish(runDir, result, output);
    }

    static int Resume(ParseResult parse, Options o, string runDir, TextWriter? output)
    {
        Option[] refused = [o.Preset, o.Tokenizer, o.TrainTokenizer, o.Model, o.Config, o.Out];
        if (refused.FirstOrDefault(x => parse.GetResult(x) is { Implicit: false }) is { } bad)
            throw new OaifException(
                $"sft: {bad.Name} cannot be combined with --resume (the run keeps its own)");
        if (parse.GetValue(o.Set) is { Length: > 0 })
            throw new OaifException(
                "sft: --set cannot be combined with --resume (the run's config.json is used)");
        var settings = SftRunSettings.Load(runDir);
        if (parse.GetValue(o.Data) is { } moved) settings = settings with { Data = Path.GetFullPath(moved) };
        var config = ConfigLoader.Load(Path.Combine(runDir, "config.json"));
        var device = ModelLoader.ParseDevice(parse.GetValue(o.Device)!);
        var dtype = ModelLoader.ParseDType(parse.GetValue(o.DType)!);

        var tokenizer = RunTokenizer(runDir);
        var rows = LoadRows(settings.Data, ChatFormat(Path.Combine(runDir, TokenizerDir, TokenizerFile)));
        var (train, eval) = Encode(rows, tokenizer, settings, config.Trainer.Seed);
        var result = TrainingInputs.Run(output, parse.GetValue(o.Quiet), "sft", hooks =>
            SftTrainer.Resume(runDir, dir => ModelLoader.Load(dir, device, dtype), train, eval, hooks));
        using var policy = result.Policy;
        return Finish(runDir, result, output);
    }

    static (HuggingFaceTokenizer, IReadOnlyList<Data.SftExample>) PrepareTokenizer(
        ParseResult parse, Options o, string runDir, string data)
    {
        var model = parse.GetValue(o.Model);
        int given = new object?[] { parse.GetValue(o.Preset), model }.Count(x => x is not null);
        if (given != 1) throw new OaifException("sft: give exactly one of --preset or --model");
        var tokenizerPath = parse.GetValue(o.Tokenizer)
                            ?? (model is null ? null : Path.Combine(model, TokenizerFile));
        if (parse.GetValue(o.TrainTokenizer) is int vocab)
        {
            if (parse.GetValue(o.Tokenizer) is not null || model is not null)
                throw new OaifException(
                    "sft: --train-tokenizer goes with --preset only, not --tokenizer/--model");
            var plainRows = LoadRows(data, new ChatFormatter(ChatFamily.Plain));
            return (TrainTokenizer(plainRows.Select(r => r.Prompt + r.Completion), vocab, runDir), plainRows);
        }
        if (tokenizerPath is null)
            throw new OaifException(
                "sft: --preset needs --tokenizer <tokenizer.json> or --train-tokenizer <size>");
        var tokenizer = CopyTokenizer(tokenizerPath, runDir);
        return (tokenizer, LoadRows(data, ChatFormat(tokenizerPath)));
    }

    static (LlamaForCausalLM Model, string From) StartingModel(ParseResult parse, Options o,
        ITokenizer tokenizer, int seed, TorchSharp.torch.Device device, TorchSharp.torch.ScalarType dtype)
    {
        if (parse.GetValue(o.Model) is { } dir)
        {
            var loaded = ModelLoader.Load(dir, device, dtype);
            if (loaded.Config.VocabSize < tokenizer.VocabSize)
                throw new OaifException($"{dir}: vocab_size {loaded.Config.VocabSize} is smaller than the " +
                    $"tokenizer's {tokenizer.VocabSize}");
            return (loaded, dir);
        }
        var preset = parse.GetValue(o.Preset)!;
        int positions = parse.GetValue(o.MaxLength) ?? 512;
        var config = WithSpecialIds(ModelPresets.Create(preset, tokenizer.VocabSize, positions), tokenizer);
        return (ModelPresets.CreateModel(config, seed, device, dtype), "preset " + preset);
    }

    static IReadOnlyList<Data.SftExample> LoadRows(string path, ChatFormatter chat) =>
        DatasetLoader.LoadSft(path, new DatasetOptions { Chat = chat }).Rows;

    static (List<Training.SftExample> Train, List<Training.SftExample> Eval) Encode(
        IReadOnlyList<Data.SftExample> rows, ITokenizer tokenizer, SftRunSettings settings, int seed)
    {
        var encoder = new ExampleEncoder(tokenizer,
            new TruncationPolicy { MaxSequenceTokens = settings.MaxLength });
        var (train, eval) = Split(rows, r => r.Prompt + "\u0000" + r.Completion, settings.EvalFraction, seed);
        return (train.Select(r => encoder.Sft(r, settings.Data)).ToList(),
                eval.Select(r => encoder.Sft(r, settings.Data)).ToList());
    }

    static int Finish(string runDir, TrainingResult result, TextWriter? output)
    {
        var modelDir = Path.Combine(runDir, "model");
        result.Policy.Save(modelDir);
        AddTokenizer(runDir, modelDir);
        TokenizerFiles.CopyIntoCheckpoints(Path.Combine(runDir, TokenizerDir, TokenizerFile), runDir);
        double evalLoss = LastMetric(runDir, "eval/" + MetricKeys.Loss);
        Report(output, $"sft: {result.Steps} steps, {F(result.StepsPerSecond, "F2")} steps/s; " +
            $"final eval loss {F(evalLoss)}; model saved to {modelDir}");
        return 0;
    }

    static void Report(TextWriter? output, string line) => (output ?? Console.Out).WriteLine(line);
}
