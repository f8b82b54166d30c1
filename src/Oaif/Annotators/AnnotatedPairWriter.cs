using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oaif.Annotators;

/// <summary>
/// Appends <see cref="AnnotatedPair"/> records to a JSONL file, one line per pair, flushed per line so
/// a crash loses at most the line being written. Safe to call from concurrent judging tasks. Keys are
/// snake_case ("probability_first", "chosen_side"). It writes only the record's fields, and no record
/// field holds options or credentials, so the API key cannot reach this file.
/// </summary>
public sealed class AnnotatedPairWriter : IAsyncDisposable, IDisposable
{
    static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    readonly StreamWriter _writer;
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it and its directory if needed.
    /// </summary>
    public AnnotatedPairWriter(string path)
    {
        Path = path;
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _writer = new StreamWriter(stream, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OaifException($"{path}: cannot open pairs file for appending: {e.Message}", e);
        }
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>One JSON line for <paramref name="pair"/> (no trailing newline).</summary>
    public static string ToJsonLine(AnnotatedPair pair) => JsonSerializer.Serialize(pair, s_json);

    /// <summary>Reads a line written by this writer.</summary>
    public static AnnotatedPair FromJsonLine(string line) =>
        JsonSerializer.Deserialize<AnnotatedPair>(line, s_json)
        ?? throw new OaifException("pairs JSONL line is 'null'");

    /// <summary>Appends one line and flushes.</summary>
    public async Task WriteAsync(AnnotatedPair pair, CancellationToken cancellationToken = default)
    {
        var line = ToJsonLine(pair);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            await _writer.FlushAsync(cancellationToken);
        }
        finally { _gate.Release(); }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _gate.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        _gate.Dispose();
    }
}
