using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.RepresentationModel;

namespace Oaif.Training;

/// <summary>
/// Reads a <see cref="TrainingConfig"/> from YAML or JSON (JSON is parsed as YAML), applies
/// <c>section.key=value</c> overrides from flags, and validates. Keys are snake_case property names.
/// An unknown key or a value of the wrong type fails before any work, naming the key.
/// </summary>
public static class ConfigLoader
{
    static readonly JsonNamingPolicy Snake = JsonNamingPolicy.SnakeCaseLower;

    /// <summary>
    /// Loads <paramref name="path"/> (or only defaults when null) plus overrides, validated.
    /// </summary>
    public static TrainingConfig Load(string? path, IEnumerable<string>? overrides = null)
    {
        var source = path is null ? "config" : Path.GetFileName(path);
        var tree = path is null ? new Dictionary<string, object?>() : ReadTree(path);
        foreach (var item in overrides ?? []) ApplyOverride(tree, item, "--set");
        var config = (TrainingConfig)Bind(typeof(TrainingConfig), tree, source, "");
        config.Validate(source);
        return config;
    }

    /// <summary>Parses YAML/JSON text; <paramref name="source"/> names it in errors.</summary>
    public static TrainingConfig Parse(string text, string source, IEnumerable<string>? overrides = null)
    {
        var tree = ParseTree(text, source);
        foreach (var item in overrides ?? []) ApplyOverride(tree, item, "--set");
        var config = (TrainingConfig)Bind(typeof(TrainingConfig), tree, source, "");
        config.Validate(source);
        return config;
    }

    /// <summary>Writes the effective config as snake_case JSON (loadable by <see cref="Load"/>).</summary>
    public static void Save(TrainingConfig config, string path)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = Snake,
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter(Snake) },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(config, options) + "\n");
    }

    static Dictionary<string, object?> ReadTree(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: config file not found");
        return ParseTree(File.ReadAllText(path), Path.GetFileName(path));
    }

    static Dictionary<string, object?> ParseTree(string text, string source)
    {
        var yaml = new YamlStream();
        try { yaml.Load(new StringReader(text)); }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new OaifException($"{source}: line {e.Start.Line}: not valid YAML/JSON ({e.Message})", e);
        }
        if (yaml.Documents.Count == 0) return [];
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new OaifException($"{source}: the top level must be a mapping of sections");
        return ToTree(root, source, "");
    }

    static Dictionary<string, object?> ToTree(YamlMappingNode node, string source, string prefix)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = prefix + ((YamlScalarNode)keyNode).Value;
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            result[name] = valueNode switch
            {
                YamlMappingNode m => ToTree(m, source, key + "."),
                YamlScalarNode s => IsNull(s) ? null : s.Value,
                _ => throw new OaifException(
                    $"{source}: key '{key}' must be a value or a mapping, not a list"),
            };
        }
        return result;
    }

    /// <summary>YAML's unquoted null spellings; a quoted "null" stays a string.</summary>
    static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is "~" or "null" or "";

    static void ApplyOverride(Dictionary<string, object?> tree, string item, string source)
    {
        int eq = item.IndexOf('=');
        if (eq <= 0) throw new OaifException($"{source}: '{item}' is not of the form section.key=value");
        var path = item[..eq].Split('.');
        var node = tree;
        foreach (var part in path[..^1])
        {
            if (!node.TryGetValue(part, out var child) || child is not Dictionary<string, object?> dict)
                node[part] = dict = new Dictionary<string, object?>();
            node = dict;
        }
        node[path[^1]] = item[(eq + 1)..];
    }

    static object Bind(Type type, Dictionary<string, object?> tree, string source, string prefix)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => Snake.ConvertName(p.Name));
        var instance = Activator.CreateInstance(type)!;
        foreach (var (key, value) in tree)
        {
            var fullKey = prefix + key;
            if (!properties.TryGetValue(key, out var property))
                throw new OaifException($"{source}: unknown key '{fullKey}'");
            property.SetValue(instance, Convert(property.PropertyType, value, source, fullKey));
        }
        return instance;
    }

    static object? Convert(Type type, object? value, string source, string key)
    {
        var inner = Nullable.GetUnderlyingType(type);
        if (value is null)
        {
            if (inner is not null || !type.IsValueType && type != typeof(string)) return null;
            throw new OaifException($"{source}: key '{key}' must not be null");
        }
        var target = inner ?? type;
        if (value is Dictionary<string, object?> section)
        {
            if (IsScalar(target)) throw WrongType(source, key, target, "a mapping");
            return Bind(target, section, source, key + ".");
        }
        if (!IsScalar(target)) throw WrongType(source, key, target, $"'{value}'");
        return ParseScalar(target, (string)value, source, key);
    }

    static bool IsScalar(Type t) => t.IsPrimitive || t.IsEnum || t == typeof(string);

    static object ParseScalar(Type target, string text, string source, string key)
    {
        var inv = CultureInfo.InvariantCulture;
        object? parsed = target switch
        {
            _ when target == typeof(string) => text,
            _ when target == typeof(double) =>
                double.TryParse(text, NumberStyles.Float, inv, out var d) ? d : null,
            _ when target == typeof(int) =>
                int.TryParse(text, NumberStyles.Integer, inv, out var i) ? i : null,
            _ when target == typeof(long) =>
                long.TryParse(text, NumberStyles.Integer, inv, out var l) ? l : null,
            _ when target == typeof(bool) => bool.TryParse(text, out var b) ? b : null,
            _ when target.IsEnum => ParseEnum(target, text),
            _ => null,
        };
        return parsed ?? throw WrongType(source, key, target, $"'{text}'");
    }

    static object? ParseEnum(Type target, string text)
    {
        var compact = text.Replace("_", "");
        var name = Enum.GetNames(target)
            .FirstOrDefault(n => string.Equals(n, compact, StringComparison.OrdinalIgnoreCase));
        return name is null ? null : Enum.Parse(target, name);
    }

    static OaifException WrongType(string source, string key, Type target, string got)
    {
        var expected = target switch
        {
            _ when target == typeof(double) => "a number",
            _ when target == typeof(int) || target == typeof(long) => "an integer",
            _ when target == typeof(bool) => "true or false",
            _ when target.IsEnum =>
                "one of " + string.Join(", ", Enum.GetNames(target).Select(Snake.ConvertName)),
            _ when target == typeof(string) => "a string",
            _ => "a mapping",
        };
        return new OaifException($"{source}: key '{key}' expects {expected}, got {got}");
    }
}
