using System.Globalization;
using System.Text.Json;
using Oaif.Cli.Infrastructure;
using Oaif.Data;
using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Cli.Commands;

/// <summary>
/// Set-up shared by <c>oaif sft</c> and <c>oaif train-rm</c>: the config with a verb's defaults, the
/// run's own copy of the tokenizer, the chat format, the train/eval split, and the final model
/// directory that carries its tokenizer so other verbs can load it alone.
/// </summary>
internal static class TrainingInputs
{
    public const string TokenizerDir = "tokenizer";
    public const string TokenizerFile = "tokenizer.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>The config file when given, else the verb's built-in defaults; --set applies on
    /// top.</summary>
    public static TrainingConfig LoadConfig(string? path, string[]? sets, string defaults, string verb) =>
        WarnAbout(path is null
            ? ConfigLoader.Parse(defaults, $"{verb} defaults", sets ?? [])
            : ConfigLoader.Load(path, sets ?? []));

    /// <summary>Prints each of the config's <see cref="TrainingConfig.Warnings"/> to stderr.</summary>
    public static TrainingConfig WarnAbout(TrainingConfig config)
    {
        foreach (var warning in config.Warnings()) Console.Error.WriteLine($"oaif: warning: {warning}");
        return config;
    }

    /// <summary>Copies tokenizer.json (and tokenizer_config.json beside it, if any) into
    /// run/tokenizer/.</summary>
    public static HuggingFaceTokenizer CopyTokenizer(string tokenizerJson, string runDir)
    {
        if (!File.Exists(tokenizerJson))
            throw new OaifException($"{tokenizerJson}: tokenizer file not found");
        var target = Path.Combine(runDir, TokenizerDir);
        Directory.CreateDirectory(target);
        CopyWithConfig(tokenizerJson, target);
        return HuggingFaceTokenizer.Load(Path.Combine(target, TokenizerFile));
    }

    /// <summary>Trains a byte-level BPE of <paramref name="vocabSize"/> tokens on the texts and saves
    /// it.</summary>
    public static HuggingFaceTokenizer TrainTokenizer(IEnumerable<string> texts, int vocabSize, string runDir)
    {
        var bpe = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = vocabSize });
        return bpe.Save(Path.Combine(runDir, TokenizerDir, TokenizerFile));
    }

    /// <summary>The run's tokenizer, saved by <see cref="CopyTokenizer"/> or <see
    /// cref="TrainTokenizer"/>.</summary>
    public static HuggingFaceTokenizer RunTokenizer(string runDir) =>
        HuggingFaceTokenizer.Load(Path.Combine(runDir, TokenizerDir, TokenizerFile));

    /// <summary>The chat format named by the tokenizer_config.json beside a tokenizer, else plain.</summary>
    public static ChatFormatter ChatFormat(string tokenizerJson)
    {
        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tokenizerJson))!,
            TokenizerConfigFile);
        return File.Exists(config)
            ? ChatFormatter.FromTokenizerConfig(config) : new ChatFormatter(ChatFamily.Plain);
    }

    /// <summary>Stable train/eval split by row content, seeded by the trainer seed.</summary>
    public static (List<T> Train, List<T> Eval) Split<T>(IEnumerable<T> rows, Func<T, string> key,
        double evalFraction, int seed) =>
        DatasetSplit.TrainEval(rows, key, evalFraction, (ulong)seed);

    /// <summary>Copies the run's tokenizer files into a saved model directory.</summary>
    public static void AddTokenizer(string runDir, string modelDir) =>
        CopyWithConfig(Path.Combine(runDir, TokenizerDir, TokenizerFile), modelDir);

    static void CopyWithConfig(string tokenizerJson, string targetDir)
    {
        var source = Path.GetDirectoryName(Path.GetFullPath(tokenizerJson))!;
        if (Path.GetFullPath(source) == Path.GetFullPath(targetDir)) return;
        File.Copy(tokenizerJson, Path.Combine(targetDir, TokenizerFile), overwrite: true);
        var config = Path.Combine(source, TokenizerConfigFile);
        if (File.Exists(config)) File.Copy(config, Path.Combine(targetDir, TokenizerConfigFile),
            overwrite: true);
    }

    /// <summary>Special ids of a from-scratch model come from its tokenizer.</summary>
    public static LlamaConfig WithSpecialIds(LlamaConfig config, ITokenizer tokenizer) => config with
    {
        BosTokenId = tokenizer.BosId, EosTokenId = tokenizer.EosId, PadTokenId = tokenizer.PadId,
    };

    /// <summary>Runs a trainer with the progress bar, or with log lines to <paramref name="output"/>
    /// (tests).</summary>
    public static T Run<T>(TextWriter? output, bool quiet, string title, Func<TrainingHooks, T> train) =>
        output is null ? ConsoleTraining.Run(title, quiet, train) : train(new TrainingHooks { Log = output });

    /// <summary>The last value of <paramref name="key"/> in the run's metrics.jsonl, or NaN.</summary>
    public static double LastMetric(string runDir, string key)
    {
        var path = Path.Combine(runDir, MetricsLog.FileName);
        if (!File.Exists(path)) return double.NaN;
        double value = double.NaN;
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
                value = v.GetDouble();
        }
        return value;
    }

    /// <summary>A number with invariant formatting and fixed precision.</summary>
    public static string F(double value, string format = "F4") => value.ToString(format,
        CultureInfo.InvariantCulture);
}
