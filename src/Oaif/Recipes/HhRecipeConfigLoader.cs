using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Oaif.Model;
using Oaif.Training;
using YamlDotNet.RepresentationModel;

namespace Oaif.Recipes;

/// <summary>
/// Reads a recipe file (YAML or JSON), applies the named scale's overrides (section <c>scales</c>:
/// <c>ci:</c> / <c>full:</c> mappings of dotted keys to values) and then <c>--set key=value</c>
/// overrides, and binds the result. Unknown keys, wrong types and bad values fail here, naming the
/// file and the key, before any data is read.
/// </summary>
public static class HhRecipeConfigLoader
{
    const string ScalesKey = "scales";
    static readonly string[] TrainingSections = ["sft", "reward_model", "dpo", "oaif"];

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads <paramref name="path"/> at <paramref name="scale"/> with overrides.</summary>
    public static HhRecipeConfig Load(string path, string scale, IEnumerable<string>? overrides = null)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: recipe config file not found");
        var source = Path.GetFileName(path);
        var tree = ParseYaml(File.ReadAllText(path), source);
        ApplyScale(tree, scale, source);
        foreach (var item in overrides ?? []) ApplyOverride(tree, item, "--set");
        return Bind(tree, source);
    }

    static JsonObject ParseYaml(string text, string source)
    {
        var yaml = new YamlStream();
        try { yaml.Load(new StringReader(text)); }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new OaifException($"{source}: line {e.Start.Line}: not valid YAML ({e.Message})", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new OaifException($"{source}: the top level must be a mapping of sections");
        return (JsonObject)ToJson(root)!;
    }

    static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(
            ((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode v => v.Style == YamlDotNet.Core.ScalarStyle.Plain ? Scalar(v.Value) : v.Value,
        _ => null,
    };

    // Plain YAML scalars become JSON numbers, booleans or null when they read as one.
    static JsonNode? Scalar(string? text)
    {
        if (text is null or "" or "~" or "null") return null;
        if (text is "true" or "false") return text == "true";
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return text;
    }

    static void ApplyScale(JsonObject tree, string scale, string source)
    {
        var scales = tree[ScalesKey] as JsonObject;
        tree.Remove(ScalesKey);
        if (scales?[scale] is not JsonObject chosen)
        {
            var known = scales?.Select(kv => kv.Key) ?? [];
            throw new OaifException($"{source}: no scale '{scale}' under '{ScalesKey}' " +
                $"(defined: {string.Join(", ", known)})");
        }
        foreach (var (key, value) in chosen)
            Set(tree, key, value?.DeepClone(), $"{source} {ScalesKey}.{scale}");
    }

    static void ApplyOverride(JsonObject tree, string item, string source)
    {
        int eq = item.IndexOf('=');
        if (eq <= 0) throw new OaifException($"{source}: '{item}' is not of the form section.key=value");
        Set(tree, item[..eq], Scalar(item[(eq + 1)..]), source);
    }

    static void Set(JsonObject tree, string dottedKey, JsonNode? value, string source)
    {
        var parts = dottedKey.Split('.');
        var node = tree;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                if (node.ContainsKey(part))
                    throw new OaifException($"{source}: '{dottedKey}': '{part}' is a value, not a section");
                node[part] = child = new JsonObject();
            }
            node = child;
        }
        node[parts[^1]] = value;
    }

    static HhRecipeConfig Bind(JsonObject tree, string source)
    {
        var known = new[] { "data", "tokenizer", "model", "llm_judge", "evaluation" }
            .Concat(TrainingSections).ToList();
        if (tree.Select(kv => kv.Key).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new OaifException(
                $"{source}: unknown section '{unknown}' (known: {string.Join(", ", known)})");
        var config = new HhRecipeConfig
        {
            Data = Section<RecipeDataOptions>(tree, "data", source),
            Tokenizer = Section<RecipeTokenizerOptions>(tree, "tokenizer", source),
            Model = Section<RecipeModelOptions>(tree, "model", source),
            LlmJudge = Section<RecipeLlmJudgeOptions>(tree, "llm_judge", source),
            Evaluation = Section<RecipeEvaluationOptions>(tree, "evaluation", source),
            Sft = Training(tree, "sft", source),
            RewardModel = Training(tree, "reward_model", source),
            Dpo = Training(tree, "dpo", source),
            Oaif = Training(tree, "oaif", source),
            Effective = tree,
        };
        Validate(config, source);
        return config;
    }

    static T Section<T>(JsonObject tree, string name, string source) where T : new()
    {
        if (tree[name] is null) return new T();
        try
        {
            return tree[name].Deserialize<T>(Json) ?? new T();
        }
        catch (JsonException e)
        {
            var key = e.Path is { Length: > 2 } p ? name + p[1..] : name;
            throw new OaifException($"{source}: key '{key}': {Reason(e)}", e);
        }
    }

    static string Reason(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown key"
        : "wrong type of value";

    // The training sections go through the trainers' own loader, so their keys and checks are the same
    // as in any oaif train/sft config.
    static TrainingConfig Training(JsonObject tree, string name, string source) =>
        ConfigLoader.Parse(tree[name]?.ToJsonString() ?? "{}", $"{source} [{name}]");

    static void Validate(HhRecipeConfig c, string source)
    {
        void Check(bool ok, string key, string expected)
        {
            if (!ok) throw new OaifException($"{source}: '{key}' must be {expected}");
        }
        Check(c.Data.HeldOut >= 1, "data.held_out", ">= 1");
        Check(c.Data.MaxTrainPairs >= 0, "data.max_train_pairs", ">= 0 (0 = all)");
        Check(c.Tokenizer.VocabSize >= 512, "tokenizer.vocab_size", ">= 512");
        Check(ModelPresets.Names.Contains(c.Model.Preset), "model.preset",
            $"one of {string.Join(", ", ModelPresets.Names)}");
        Check(c.Model.MaxPromptTokens >= 1 && c.Model.MaxPromptTokens < c.Model.MaxLength,
            "model.max_prompt_tokens", "in 1..model.max_length-1");
        Check(c.Model.MaxPositions >= c.Model.MaxLength, "model.max_positions", ">= model.max_length");
        Check(c.LlmJudge.MaxInvalidRate is >= 0 and <= 1, "llm_judge.max_invalid_rate", "in [0, 1]");
        Check(c.LlmJudge.MaxOutputTokens >= 1, "llm_judge.max_output_tokens", ">= 1");
        Check(c.LlmJudge.MaxConcurrency >= 1, "llm_judge.max_concurrency", ">= 1");
        Check(c.Evaluation.Prompts >= 0, "evaluation.prompts", ">= 0 (0 = all held out)");
        Check(c.Evaluation.MaxNewTokens >= 1, "evaluation.max_new_tokens", ">= 1");
        Check(c.Evaluation.BatchSize >= 1, "evaluation.batch_size", ">= 1");
    }
}
