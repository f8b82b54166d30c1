using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Reads tensors from a .safetensors file (8-byte little-endian header length, JSON header, raw data).
/// Every number from the file is checked before it sizes an allocation or a read; a bad file is an
/// OaifException naming the file, the tensor and the problem. Tensors are read one at a time.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>Largest header accepted; real headers are a few hundred kB at most.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    readonly FileStream stream;
    readonly long dataStart;

    /// <summary>The file this reader reads.</summary>
    public string Path { get; }

    /// <summary>Tensors in the file by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    SafetensorsReader(string path, FileStream stream, long dataStart,
                      Dictionary<string, SafetensorsEntry> entries)
    {
        Path = path;
        this.stream = stream;
        this.dataStart = dataStart;
        Entries = entries;
    }

    /// <summary>Opens the file and validates its header against the file size.</summary>
    public static SafetensorsReader Open(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: file not found");
        var stream = File.OpenRead(path);
        try
        {
            long fileSize = stream.Length;
            if (fileSize < 8)
                throw Bad(path, $"file is {fileSize} bytes, shorter than the 8-byte header length");
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > (ulong)(fileSize - 8))
                throw Bad(path, $"header length {headerLength} is past the end of the file " +
                                $"({fileSize} bytes)");
            if (headerLength > MaxHeaderBytes)
                throw Bad(path, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
            var header = new byte[headerLength];
            stream.ReadExactly(header);
            long dataStart = 8 + (long)headerLength;
            var entries = ParseHeader(path, header, fileSize - dataStart);
            return new SafetensorsReader(path, stream, dataStart, entries);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads one tensor, converted to <paramref name="dtype"/> on <paramref
    /// name="device"/>.</summary>
    public Tensor Read(string name, ScalarType dtype, Device device)
    {
        if (!Entries.TryGetValue(name, out var entry)) throw Bad(Path, $"tensor '{name}' is missing");
        long byteCount = entry.End - entry.Begin;
        if (byteCount > Array.MaxLength)
            throw Bad(Path, $"tensor '{name}' is too large to read ({byteCount} bytes)");
        var bytes = new byte[byteCount];
        stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        var values = ToFloat32(entry.DType, bytes);
        using var asFloat = tensor(values, entry.Shape, dtype: ScalarType.Float32);
        return asFloat.to(dtype, device);
    }

    static float[] ToFloat32(string dtype, byte[] bytes)
    {
        switch (dtype)
        {
            case "F32":
                return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            case "F16":
                return MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray();
            default: // BF16: the upper half of a float32
                var raw = MemoryMarshal.Cast<byte, ushort>(bytes);
                var result = new float[raw.Length];
                for (int i = 0; i < raw.Length; i++) result[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                return result;
        }
    }

    static Dictionary<string, SafetensorsEntry> ParseHeader(string path, byte[] header, long dataSize)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(Encoding.UTF8.GetString(header)) as JsonObject
                   ?? throw Bad(path, "header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Bad(path, $"header is not valid JSON ({e.Message})");
        }
        var entries = new Dictionary<string, SafetensorsEntry>();
        foreach (var (name, node) in root)
        {
            if (name == "__metadata__") continue;
            entries[name] = ParseEntry(path, name, node, dataSize);
        }
        return entries;
    }

    static SafetensorsEntry ParseEntry(string path, string name, JsonNode? node, long dataSize)
    {
        try
        {
            var dtype = node!["dtype"]!.GetValue<string>();
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var entry = new SafetensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
            Check(path, entry, offsets.Length, dataSize);
            return entry;
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException
                                      or FormatException or IndexOutOfRangeException)
        {
            throw Bad(path, $"tensor '{name}' has a malformed header entry " +
                            "(needs dtype, shape, data_offsets)");
        }
    }

    static void Check(string path, SafetensorsEntry e, int offsetCount, long dataSize)
    {
        var size = SafetensorsEntry.ElementSize(e.DType)
                   ?? throw Bad(path, $"tensor '{e.Name}' has unsupported dtype {e.DType} (F32, F16, BF16)");
        if (offsetCount != 2) throw Bad(path, $"tensor '{e.Name}' data_offsets must have 2 numbers");
        if (e.Shape.Any(d => d < 0)) throw Bad(path, $"tensor '{e.Name}' has a negative dimension");
        if (e.Begin < 0 || e.End < e.Begin || e.End > dataSize)
            throw Bad(path, $"tensor '{e.Name}' offsets [{e.Begin}, {e.End}] lie outside the data " +
                            $"({dataSize} bytes)");
        long count;
        try
        {
            count = e.Shape.Aggregate(1L, (a, b) => checked(a * b));
            if (checked(count * size) != e.End - e.Begin)
                throw Bad(path, $"tensor '{e.Name}' shape [{string.Join(", ", e.Shape)}] needs " +
                                $"{count * size} bytes but its offsets span {e.End - e.Begin}");
        }
        catch (OverflowException)
        {
            throw Bad(path, $"tensor '{e.Name}' shape is too large");
        }
    }

    static OaifException Bad(string path, string problem) => new($"{path}: {problem}");

    public void Dispose() => stream.Dispose();
}
