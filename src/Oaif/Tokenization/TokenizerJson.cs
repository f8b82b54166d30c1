using System.Text.Json;

namespace Oaif.Tokenization;

/// <summary>Field access for tokenizer.json that fails with the file and the field path, never a raw
/// KeyNotFoundException or InvalidOperationException.</summary>
internal static class TokenizerJson
{
    public static string RequireString(JsonElement node, string name, string file, string where)
    {
        var value = Require(node, name, file, where);
        if (value.ValueKind != JsonValueKind.String)
            throw new OaifException($"{file}: {where}.{name} must be a string, got {value.ValueKind}");
        return value.GetString()!;
    }

    public static JsonElement.ArrayEnumerator RequireArray(JsonElement node, string name, string file,
        string where)
    {
        var value = Require(node, name, file, where);
        if (value.ValueKind != JsonValueKind.Array)
            throw new OaifException($"{file}: {where}.{name} must be an array, got {value.ValueKind}");
        return value.EnumerateArray();
    }

    public static JsonElement RequireObject(JsonElement node, string name, string file, string where)
    {
        var value = Require(node, name, file, where);
        if (value.ValueKind != JsonValueKind.Object)
            throw new OaifException($"{file}: {where}.{name} must be an object, got {value.ValueKind}");
        return value;
    }

    /// <summary>The property, or a JSON null element when it is absent.</summary>
    public static JsonElement Optional(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var v) ? v : NullElement;

    public static bool OptionalBool(JsonElement node, string name, bool fallback)
    {
        var v = Optional(node, name);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => fallback,
        };
    }

    public static string? OptionalString(JsonElement node, string name)
    {
        var v = Optional(node, name);
        return v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    static JsonElement Require(JsonElement node, string name, string file, string where)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out var value))
            throw new OaifException($"{file}: missing field {where}.{name}");
        return value;
    }

    static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement;
}
