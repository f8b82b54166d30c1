using System.Collections;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet.Serialization;

namespace Oaif.Data;

/// <summary>One row as read from disk: its fields, or why it could not be read.</summary>
internal sealed record RawRow(int Line, JsonObject? Fields, string? Error);

/// <summary>
/// Reads rows from .jsonl, .jsonl.gz (also .json.gz) and .parquet files as JSON objects, so every
/// format shares one row parser. Parquet columns (including lists of role/content structs) are converted
/// to the equivalent JSON values.
/// </summary>
internal static class RawRowReader
{
    public static IEnumerable<RawRow> Read(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: dataset file not found");
        string name = path.ToLowerInvariant();
        if (name.EndsWith(".parquet")) return ReadParquet(path);
        if (name.EndsWith(".gz")) return ReadJsonLines(path, gzip: true);
        if (name.EndsWith(".jsonl") || name.EndsWith(".json") || name.EndsWith(".ndjson"))
            return ReadJsonLines(path, gzip: false);
        throw new OaifException($"{path}: unknown dataset extension (use .jsonl, .jsonl.gz or .parquet)");
    }

    static IEnumerable<RawRow> ReadJsonLines(string path, bool gzip)
    {
        using var file = File.OpenRead(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        for (int line = 1; ; line++)
        {
            string? text = ReadLine(reader, path, line);
            if (text == null) yield break;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return ParseLine(text, line);
        }
    }

    static string? ReadLine(StreamReader reader, string path, int line)
    {
        try { return reader.ReadLine(); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new OaifException($"{path}:{line}: compressed stream is truncated or corrupt " +
                $"({e.Message})", e);
        }
    }

    static RawRow ParseLine(string text, int line)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject obj) return new RawRow(line, null, "row is not a " +
                "JSON object");
            TouchAll(obj); // JsonObject builds its dictionaries lazily; make duplicate keys fail here
            return new RawRow(line, obj, null);
        }
        catch (ArgumentException)
        {
            return new RawRow(line, null, "row has a duplicate field");
        }
        catch (JsonException)
        {
            return new RawRow(line, null, "invalid JSON");
        }
    }

    static void TouchAll(JsonNode? node)
    {
        if (node is JsonObject obj) foreach (var kv in obj) TouchAll(kv.Value);
        else if (node is JsonArray array) foreach (var item in array) TouchAll(item);
    }

    static IEnumerable<RawRow> ReadParquet(string path)
    {
        IList<Dictionary<string, object>> rows;
        try
        {
            using var stream = File.OpenRead(path);
            rows = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult().Data;
        }
        catch (Exception e) when (e is not OaifException and not OutOfMemoryException)
        {
            // Parquet.Net reports a bad file with several exception types; none is the user's bug here.
            throw new OaifException($"{path}: not a readable Parquet file ({e.GetType().Name}: " +
                $"{e.Message})", e);
        }
        for (int i = 0; i < rows.Count; i++)
            yield return new RawRow(i + 1, (JsonObject)ToNode(rows[i])!, null);
    }

    static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        IDictionary<string, object> d => new JsonObject(d.Select(kv =>
            new KeyValuePair<string, JsonNode?>(kv.Key, ToNode(kv.Value)))),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        IConvertible c when IsNumber(c) => JsonValue.Create(c.ToDouble(null)),
        _ => JsonValue.Create(value.ToString()),
    };

    static bool IsNumber(IConvertible c) => c.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal;
}
