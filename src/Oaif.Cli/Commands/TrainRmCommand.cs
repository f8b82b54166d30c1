using System.CommandLine;
using System.Text.Json;
using Oaif.Cli.Infrastructure;
using Oaif.Data;
using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;
using static Oaif.Cli.Commands.TrainingInputs;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif train-rm</c>: trains a reward model on preference pairs with the Bradley–Terry loss, starting
/// from an SFT model directory (its decoder stack; the LM head is dropped) or a from-scratch preset.
/// Writes the usual run directory, rm_eval.json (held-out pair accuracy) and model/ as a
/// LlamaForSequenceClassification directory with its tokenizer. Known gap: no --resume flag yet
/// (<see cref="RewardModelTrainer.Resume"/> exists in the library).
/// </summary>
public static class TrainRmCommand
{
    /// <summary>File name of the held-out summary in the run directory.</summary>
    public const string EvalFile = "rm_eval.json";

    /// <summary>Used when no --config is given: common reward-model choices (one epoch, small
    /// rate).</summary>
    const string Defaults = """
        trainer:
          learning_rate: 1e-4
          warmup_steps: 10
          batch_size: 8
          epochs: 1
          log_every: 10
          eval_every: 100
          save_every: 200
        """;

    sealed record Options(Option<string?> Data, Option<string?> Model, Option<string?> Preset,
        Option<string?> Tokenizer, Option<string?> Config, Option<string[]> Set, Option<string?> Out,
        Option<string> Device, Option<string> DType, Option<double> EvalFraction, Option<int> MaxLength,
        Option<bool> Quiet);

    /// <param name="output">Log lines go here instead of the console progress display (tests).</param>
    public static Command Create(TextWriter? output = null)
    {
        var o = new Options(
            new("--data") { Description = "Preference pairs (.jsonl, .jsonl.gz, .parquet).",
                Required = true },
            new("--model") { Description = "Start from this (SFT) model directory." },
            new("--preset") { Description = $"Start from scratch: {string.Join(", ", ModelPresets.Names)}." },
            new("--tokenizer") { Description =
                "tokenizer.json (default with --model: the one in the model dir)." },
            CommonOptions.Config(), CommonOptions.Set(), CommonOptions.Out(), CommonOptions.Device(),
            CommonOptions.DType(),
            new("--eval-fraction") { Description = "Pairs held out for accuracy.", DefaultValueFactory = _
                => 0.1 },
            new("--max-length") { Description = "Prompt+response token limit.", DefaultValueFactory = _
                => 512 },
            CommonOptions.Quiet());
        var command = new Command("train-rm", "Train a reward model (Bradley–Terry) on preference pairs.");
        Option[] all = [o.Data, o.Model, o.Preset, o.Tokenizer, o.Config, o.Set, o.Out, o.Device, o.DType,
            o.EvalFraction, o.MaxLength, o.Quiet];
        foreach (var option in all) command.Options.Add(option);
        command.SetAction(parse => Train(parse, o, output));
        return command;
    }

    static int Train(ParseResult parse, Options o, TextWriter? output)
    {
        var runDir = parse.GetValue(o.Out)
            ?? throw new OaifException("train-rm: --out <run dir> is required");
        var data = Path.GetFullPath(parse.GetValue(o.Data)!);
        var config = LoadConfig(parse.GetValue(o.Config), parse.GetValue(o.Set), Defaults, "train-rm");
        if (CheckpointStore.Latest(runDir) is { } existing)
            throw new OaifException(
                $"{runDir}: already holds {Path.GetFileName(existing)}; pick a new --out");
        var model = parse.GetValue(o.Model);
        if (model is null && parse.GetValue(o.Preset) is null)
            throw new OaifException("train-rm: give --model <dir> (a backbone to start from) or --preset " +
                                    "<name> with --tokenizer (from scratch)");
        Directory.CreateDirectory(runDir);
        var device = ModelLoader.ParseDevice(parse.GetValue(o.Device)!);
        var dtype = ModelLoader.ParseDType(parse.GetValue(o.DType)!);
        var tokenizerPath = parse.GetValue(o.Tokenizer) ?? (model is null ? null : Path.Combine(model,
            TokenizerFile))
            ?? throw new OaifException("train-rm: --preset needs --tokenizer <tokenizer.json>");

        // data: tokenized with the run's copy of the tokenizer, split by content
        var tokenizer = CopyTokenizer(tokenizerPath, runDir);
        var rows = DatasetLoader.LoadPreferences(data,
            new DatasetOptions { Chat = ChatFormat(tokenizerPath) }).Rows;
        var encoder = new ExampleEncoder(tokenizer,
            new TruncationPolicy { MaxSequenceTokens = parse.GetValue(o.MaxLength) });
        var (trainRows, evalRows) = Split(rows, r => $"{r.Prompt}\u0000{r.Chosen}\u0000{r.Rejected}",
            parse.GetValue(o.EvalFraction), config.Trainer.Seed);
        var train = trainRows.Select(r => encoder.Preference(r, data)).ToList();
        var eval = evalRows.Select(r => encoder.Preference(r, data)).ToList();

        // reward model
        using var rm = StartingModel(model, parse.GetValue(o.Preset), tokenizer, parse.GetValue(o.MaxLength),
            config.Trainer.Seed, device, dtype);
        Report(output, $"train-rm: {train.Count} train / {eval.Count} eval pairs, " +
            $"{ModelPresets.ParameterCount(rm.Config):N0} backbone parameters");
        var result = TrainingInputs.Run(output, parse.GetValue(o.Quiet), "train-rm",
            hooks => RewardModelTrainer.Train(rm, train, config, runDir, eval, hooks));
        return Finish(runDir, result, eval.Count, output);
    }

    static RewardModel StartingModel(string? modelDir, string? preset, ITokenizer tokenizer, int maxLength,
        int seed, TorchSharp.torch.Device device, TorchSharp.torch.ScalarType dtype)
    {
        if ((modelDir is null) == (preset is null))
            throw new OaifException("train-rm: give exactly one of --model or --preset");
        if (modelDir is not null)
        {
            using var lm = ModelLoader.Load(modelDir, device, dtype);
            return RewardModel.FromCausalLM(lm, seed);
        }
        var config = WithSpecialIds(ModelPresets.Create(preset!, tokenizer.VocabSize, maxLength), tokenizer);
        using var scratch = ModelPresets.CreateModel(config, seed, device, dtype);
        return RewardModel.FromCausalLM(scratch, seed);
    }

    static int Finish(string runDir, RewardModelResult result, int evalPairs, TextWriter? output)
    {
        var modelDir = Path.Combine(runDir, "model");
        result.Model.Save(modelDir);
        AddTokenizer(runDir, modelDir);
        double Metric(string key) => result.EvalMetrics.TryGetValue("eval/" + key,
            out var v) ? v : double.NaN;
        var summary = new Dictionary<string, object?>
        {
            ["pairs"] = evalPairs,
            ["accuracy"] = Finite(Metric(MetricKeys.RewardsAccuracies)),
            ["loss"] = Finite(Metric(MetricKeys.Loss)),
            ["mean_margin"] = Finite(Metric(MetricKeys.RewardsMargins)),
            ["steps"] = result.Steps,
        };
        File.WriteAllText(Path.Combine(runDir, EvalFile),
            JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Report(output,
            $"train-rm: {result.Steps} steps, {F(result.StepsPerSecond, "F2")} steps/s; held-out " +
            $"accuracy {F(Metric(MetricKeys.RewardsAccuracies), "F3")} on {evalPairs} pairs, " +
            $"loss {F(Metric(MetricKeys.Loss))}; model saved to {modelDir}");
        return 0;
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;

    static void Report(TextWriter? output, string line) => (output ?? Console.Out).WriteLine(line);
}
