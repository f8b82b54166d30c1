using System.Text.Json;
using Oaif.Data;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Recipes;

/// <summary>Where a recipe's stages keep their outputs, and small helpers they share.</summary>
public static class RecipeFiles
{
    /// <summary>The trained model directory inside a stage folder.</summary>
    public const string ModelDir = "model";

    /// <summary>tokenizer.json, also copied into every saved model directory.</summary>
    public const string TokenizerFile = "tokenizer.json";

    /// <summary>tokenizer_config.json written beside tokenizer.json (names BOS/EOS/PAD).</summary>
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>The model directory of a stage folder.</summary>
    public static string ModelPath(string stageDir) => Path.Combine(stageDir, ModelDir);

    /// <summary>Copies tokenizer.json and tokenizer_config.json from one folder into a model folder, so
    /// the model can be loaded alone (oaif generate/serve/evaluate).</summary>
    public static void CopyTokenizer(string tokenizerDir, string modelDir)
    {
        foreach (var file in new[] { TokenizerFile, TokenizerConfigFile })
        {
            var source = Path.Combine(tokenizerDir, file);
            if (File.Exists(source)) File.Copy(source, Path.Combine(modelDir, file), overwrite: true);
        }
    }

    /// <summary>The tokenizer saved in a folder.</summary>
    public static HuggingFaceTokenizer LoadTokenizer(string dir) =>
        HuggingFaceTokenizer.Load(Path.Combine(dir, TokenizerFile));

    /// <summary>The one truncation every stage uses: prompts keep their last turns.</summary>
    public static TruncationPolicy Truncation(RecipeModelOptions m) =>
        new() { MaxSequenceTokens = m.MaxLength, MaxPromptTokens = m.MaxPromptTokens };

    /// <summary>
    /// The prompt as the models see it: cut to its last <see cref="RecipeModelOptions.MaxPromptTokens"/>
    /// tokens, as in training. Used for online sampling and evaluation, which do not truncate.
    /// </summary>
    public static string FitPrompt(string prompt, ITokenizer tokenizer, RecipeModelOptions m)
    {
        var ids = tokenizer.Encode(prompt);
        return ids.Length <= m.MaxPromptTokens ? prompt : tokenizer.Decode(ids[^m.MaxPromptTokens..]);
    }

    /// <summary>The last value of <paramref name="key"/> in a run's metrics.jsonl, or NaN.</summary>
    public static double LastMetric(string runDir, string key) =>
        Metric(runDir, key).LastOrDefault(double.NaN);

    /// <summary>Every logged value of <paramref name="key"/> in a run's metrics.jsonl.</summary>
    public static List<double> Metric(string runDir, string key)
    {
        var path = Path.Combine(runDir, MetricsLog.FileName);
        var values = new List<double>();
        if (!File.Exists(path)) return values;
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
                values.Add(v.GetDouble());
        }
        return values;
    }

    /// <summary>A finite number, or null (JSON has no NaN).</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;
}
