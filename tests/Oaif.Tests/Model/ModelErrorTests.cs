using System.Buffers.Binary;
using System.Text;
using Oaif.Model;
using Oaif.Tests.Support;

namespace Oaif.Tests.Model;

/// <summary>Bad files give one-line OaifExceptions naming the file and the problem.</summary>
public class ModelErrorTests
{
    static OaifException AssertOneLineError(Action action, params string[] mustContain)
    {
        var error = Assert.Throws<OaifException>(action);
        Assert.DoesNotContain('\n', error.Message);
        foreach (var part in mustContain) Assert.Contains(part, error.Message);
        return error;
    }

    [Fact]
    public void TruncatedLlama2cCheckpointNamesExpectedAndActualSize()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "short.bin");
        var bytes = File.ReadAllBytes(TestPaths.Llama2c("gqa_untied.bin"));
        File.WriteAllBytes(path, bytes[..100_000]);
        AssertOneLineError(() => ModelLoader.Load(path), path, "1187612", "100000");
        File.WriteAllBytes(path, bytes[..10]);
        AssertOneLineError(() => ModelLoader.Load(path), path, "header");
    }

    [Fact]
    public void SafetensorsHeaderLengthPastEndOfFile()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "bad.safetensors");
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000);
        File.WriteAllBytes(path, bytes);
        AssertOneLineError(() => SafetensorsReader.Open(path), path, "past the end");
    }

    [Fact]
    public void SafetensorsShapeThatDisagreesWithOffsets()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "bad.safetensors");
        var header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[0,8]}}";
        WriteSafetensors(path, header, new byte[8]);
        AssertOneLineError(() => SafetensorsReader.Open(path), path, "'w'", "64 bytes");
        WriteSafetensors(path, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8000]}}",
            new byte[8]);
        AssertOneLineError(() => SafetensorsReader.Open(path), path, "'w'", "outside");
        WriteSafetensors(path, "{\"w\":{\"dtype\":\"I8\",\"shape\":[8],\"data_offsets\":[0,8]}}",
            new byte[8]);
        AssertOneLineError(() => SafetensorsReader.Open(path), path, "'w'", "I8");
    }

    [Fact]
    public void ConfigMissingRequiredField()
    {
        var dir = TestPaths.NewTempDir();
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, "{\"hidden_size\": 32, \"intermediate_size\": 48, " +
                                  "\"num_hidden_layers\": 2, \"vocab_size\": 64}");
        AssertOneLineError(() => ModelLoader.Load(dir), config, "num_attention_heads");
    }

    [Fact]
    public void DirectoryWithoutWeights()
    {
        var dir = TestPaths.NewTempDir();
        TinyModels.Qwen2Like().Write(Path.Combine(dir, "config.json"));
        AssertOneLineError(() => ModelLoader.Load(dir), dir, "no weights");
    }

    [Fact]
    public void MissingAndWrongShapedTensorsAreNamed()
    {
        var dir = TestPaths.NewTempDir();
        using (var model = TinyModels.Random(TinyModels.Qwen2Like())) model.Save(dir);
        var bigger = TinyModels.Qwen2Like() with { IntermediateSize = 64 };
        bigger.Write(Path.Combine(dir, "config.json"));
        AssertOneLineError(() => ModelLoader.Load(dir), "model.safetensors", "gate_proj.weight", "shape");
        (TinyModels.Qwen2Like() with { AttentionBias = false }).Write(Path.Combine(dir, "config.json"));
        AssertOneLineError(() => ModelLoader.Load(dir), "unexpected tensor", "bias");
    }

    static void WriteSafetensors(string path, string header, byte[] data)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + headerBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + headerBytes.Length);
        File.WriteAllBytes(path, bytes);
    }
}
