using System.Text.Json.Nodes;
using Oaif.Model;
using Oaif.Tests.Support;
using static TorchSharp.torch;

namespace Oaif.Tests.Model;

public class FormatTests
{
    [Theory]
    [MemberData(nameof(Llama2cFixture.Names), MemberType = typeof(Llama2cFixture))]
    public void ConvertedHfDirectoryReproducesReference(string name)
    {
        var fixture = new Llama2cFixture(name);
        var dir = TestPaths.NewTempDir();
        using (var original = ModelLoader.Load(fixture.CheckpointPath)) original.Save(dir);
        using var reloaded = ModelLoader.Load(dir);
        LlamaForCausalLMTests.AssertMatchesFixture(reloaded, fixture);
        bool tied = name == "mha_tied";
        Assert.Equal(tied, reloaded.Config.TieWordEmbeddings);
        using var reader = SafetensorsReader.Open(Path.Combine(dir, HfModelDirectory.WeightsFile));
        Assert.Equal(!tied, reader.Entries.ContainsKey("lm_head.weight"));
        Assert.Contains("model.layers.0.self_attn.q_proj.weight", reader.Entries.Keys);
    }

    [Fact]
    public void Qwen2StyleModelWithBiasesRoundTrips()
    {
        var dir = TestPaths.NewTempDir();
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        model.Save(dir);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        Assert.Equal("Qwen2ForCausalLM", json["architectures"]![0]!.GetValue<string>());
        using var reloaded = ModelLoader.Load(dir);
        Assert.Equal(model.Config, reloaded.Config with { Architectures = model.Config.Architectures });
        Assert.Contains(reloaded.named_parameters(), p => p.name == "model.layers.1.self_attn.k_proj.bias");
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 1, 2, 3, 40, 50 }, [1, 5]);
        Assert.Equal(0f, TinyModels.MaxAbsDiff(model.Forward(ids), reloaded.Forward(ids)));
    }

    [Fact]
    public void ShardedDirectoryWithIndexLoads()
    {
        var dir = TestPaths.NewTempDir();
        using var model = TinyModels.Random(TinyModels.Qwen2Like());
        var parameters = model.named_parameters().ToList();
        var map = new JsonObject();
        for (int shard = 0; shard < 2; shard++)
        {
            var file = $"model-0000{shard + 1}-of-00002.safetensors";
            var part = parameters.Where((_, i) => i % 2 == shard).ToList();
            var named = part.Select(p => (p.name, (Tensor)p.parameter));
            SafetensorsWriter.Write(Path.Combine(dir, file), named, ScalarType.Float32);
            foreach (var p in part) map[p.name] = file;
        }
        var index = new JsonObject { ["weight_map"] = map };
        File.WriteAllText(Path.Combine(dir, HfModelDirectory.IndexFile), index.ToJsonString());
        model.Config.Write(Path.Combine(dir, "config.json"));
        using var reloaded = ModelLoader.Load(dir);
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 9, 8, 7 }, [1, 3]);
        Assert.Equal(0f, TinyModels.MaxAbsDiff(model.Forward(ids), reloaded.Forward(ids)));
    }

    [Fact]
    public void BFloat16SaveAndLoadKeepsBFloat16Values()
    {
        var dir = TestPaths.NewTempDir();
        using var model = TinyModels.Random(TinyModels.Qwen2Like()).CloneTo(CPU, ScalarType.BFloat16);
        model.Save(dir);
        using var reader = SafetensorsReader.Open(Path.Combine(dir, HfModelDirectory.WeightsFile));
        Assert.All(reader.Entries.Values, e => Assert.Equal("BF16", e.DType));
        using var reloaded = ModelLoader.Load(dir, CPU, ScalarType.BFloat16);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in reloaded.named_parameters())
            Assert.True(TinyModels.MaxAbsDiff(p, before[name]) == 0, name);
        using var scope = NewDisposeScope();
        var logits = reloaded.Forward(tensor(new long[] { 1, 2 }, [1, 2]));
        Assert.Equal(ScalarType.Float32, logits.dtype);
    }

    [Fact]
    public void SafetensorsRoundTripsFloat32AndRoundsBFloat16()
    {
        var dir = TestPaths.NewTempDir();
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1f, -2.5f, 3.1415927f, 1e-8f, 65504f, 0f }, [2, 3]);
        var path = Path.Combine(dir, "t.safetensors");
        SafetensorsWriter.Write(path, [("a", a)], ScalarType.Float32);
        using (var reader = SafetensorsReader.Open(path))
            Assert.Equal(0f, TinyModels.MaxAbsDiff(reader.Read("a", ScalarType.Float32, CPU), a));
        SafetensorsWriter.Write(path, [("a", a)], ScalarType.BFloat16);
        using (var reader = SafetensorsReader.Open(path))
        {
            var back = reader.Read("a", ScalarType.Float32, CPU);
            // 3.1415927 in bfloat16 (8 significant bits) is 3.140625, computed by hand.
            Assert.Equal(3.140625f, back[0, 2].item<float>());
            Assert.Equal(0f, TinyModels.MaxAbsDiff(back, a.to(ScalarType.BFloat16).to(ScalarType.Float32)));
        }
    }
}
