using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>Writes named tensors as a .safetensors file, in F32 or BF16.</summary>
public static class SafetensorsWriter
{
    /// <summary>
    /// Writes <paramref name="tensors"/> sorted by name. <paramref name="storeAs"/> is Float32 or BFloat16;
    /// bfloat16 values are rounded to nearest even when the source is float32.
    /// </summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Value)> tensors,
                             ScalarType storeAs)
    {
        string dtypeName = storeAs switch
        {
            ScalarType.Float32 => "F32",
            ScalarType.BFloat16 => "BF16",
            _ => throw new ArgumentException($"cannot store safetensors as {storeAs}", nameof(storeAs)),
        };
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, value) in ordered)
        {
            var bytes = ToBytes(value, storeAs);
            header[name] = new JsonObject
            {
                ["dtype"] = dtypeName,
                ["shape"] = new JsonArray(value.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
            blobs.Add(bytes);
        }
        WriteFile(path, header, blobs);
    }

    static void WriteFile(string path, JsonObject header, List<byte[]> blobs)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        // The format recommends padding the header with spaces so the data starts 8-byte aligned.
        int padded = (headerBytes.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(headerBytes);
        for (int i = headerBytes.Length; i < padded; i++) file.WriteByte((byte)' ');
        foreach (var blob in blobs) file.Write(blob);
    }

    static byte[] ToBytes(Tensor value, ScalarType storeAs)
    {
        using var floats = value.detach().to(ScalarType.Float32).cpu().contiguous();
        var data = floats.data<float>().ToArray();
        if (storeAs == ScalarType.Float32) return MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        var result = new ushort[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = ToBFloat16(data[i]);
        return MemoryMarshal.AsBytes(result.AsSpan()).ToArray();
    }

    static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return 0x7FC0;
        uint roundingBias = 0x7FFF + ((bits >> 16) & 1); // round to nearest, ties to even
        return (ushort)((bits + roundingBias) >> 16);
    }
}
