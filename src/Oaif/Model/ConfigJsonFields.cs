using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oaif.Model;

/// <summary>Typed, error-reporting access to the fields of one config.json object.</summary>
internal sealed class ConfigJsonFields(JsonObject root, string source)
{
    public bool Has(string field) => root.ContainsKey(field);

    public int RequiredInt(string field) =>
        OptionalInt(field) ?? throw new OaifException($"{source}: missing required field '{field}'");

    public int? OptionalInt(string field) => Get(field, n => n.GetValue<int>(), "an integer");

    public double? OptionalDouble(string field) => Get(field, n => n.GetValue<double>(), "a number");

    public bool? OptionalBool(string field) => Get(field, n => n.GetValue<bool>(), "true or false");

    public string? OptionalString(string field) => Get(field, n => n.GetValue<string>(), "a string");

    /// <summary>A token id, or the first id when the field is a list (eos_token_id often is).</summary>
    public int? OptionalId(string field)
    {
        if (root[field] is JsonArray list)
        {
            if (list.Count == 0) return null;
            return Convert(field, () => list[0]!.GetValue<int>(), "a list of integers");
        }
        return OptionalInt(field);
    }

    public IReadOnlyList<string> Architectures()
    {
        if (root["architectures"] is not JsonArray list) return ["LlamaForCausalLM"];
        var names = list.Select(n => n?.GetValue<string>() ?? "").ToList();
        string[] supported = ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM"];
        if (!names.Any(supported.Contains))
            throw new OaifException($"{source}: field 'architectures' is [{string.Join(", ", names)}]; " +
                                    $"supported: {string.Join(", ", supported)}");
        return names;
    }

    /// <summary>Features that change the math and that this implementation does not have.</summary>
    public void RejectUnsupported()
    {
        if (root["rope_scaling"] is JsonObject)
            throw new OaifException($"{source}: field 'rope_scaling' is not supported (plain rotary only)");
        var act = OptionalString("hidden_act");
        if (act != null && act != "silu")
            throw new OaifException($"{source}: field 'hidden_act' is '{act}'; only 'silu' is supported");
        if (OptionalBool("mlp_bias") == true)
            throw new OaifException($"{source}: field 'mlp_bias' true is not supported");
    }

    T? Get<T>(string field, Func<JsonNode, T> read, string expected) where T : struct =>
        root[field] is { } node ? Convert(field, () => read(node), expected) : null;

    string? Get(string field, Func<JsonNode, string> read, string expected) =>
        root[field] is { } node ? Convert(field, () => read(node), expected) : null;

    T Convert<T>(string field, Func<T> read, string expected)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new OaifException($"{source}: field '{field}' must be {expected}");
        }
    }
}
