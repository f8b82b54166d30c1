using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// A Hugging Face model directory: config.json plus model.safetensors, or shards listed in
/// model.safetensors.index.json. Reads LlamaForCausalLM, MistralForCausalLM and Qwen2ForCausalLM;
/// always writes a single model.safetensors.
/// </summary>
public static class HfModelDirectory
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>True when <paramref name="path"/> is a directory with a config.json.</summary>
    public static bool IsModelDirectory(string path) => File.Exists(Path.Combine(path, ConfigFile));

    /// <summary>Loads the model in <paramref name="directory"/>; every tensor must exist with the right
    /// shape.</summary>
    public static LlamaForCausalLM Load(string directory, Device device, ScalarType dtype)
    {
        var config = LlamaConfig.Read(Path.Combine(directory, ConfigFile));
        var fileOf = WeightFiles(directory);
        var model = new LlamaForCausalLM(config, device, dtype);
        var readers = new Dictionary<string, SafetensorsReader>();
        try
        {
            var wanted = model.named_parameters().ToList();
            using (no_grad())
            {
                foreach (var (name, parameter) in wanted)
                {
                    var file = fileOf(name) ?? throw new OaifException(
                        $"{directory}: tensor '{name}' is in no weights file");
                    if (!readers.TryGetValue(file, out var reader))
                        readers[file] = reader = SafetensorsReader.Open(file);
                    using var value = reader.Read(name, dtype, device);
                    if (!value.shape.SequenceEqual(parameter.shape))
                        throw new OaifException($"{file}: tensor '{name}' has shape " +
                            $"[{string.Join(", ", value.shape)}], " +
                            $"expected [{string.Join(", ", parameter.shape)}]");
                    parameter.copy_(value);
                }
            }
            RejectExtras(readers.Values, wanted.Select(p => p.name).ToHashSet(), config);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var reader in readers.Values) reader.Dispose();
        }
        model.eval();
        return model;
    }

    /// <summary>Writes config.json and model.safetensors (in the model's dtype) into <paramref
    /// name="directory"/>.</summary>
    public static void Save(LlamaForCausalLM model, string directory)
    {
        Directory.CreateDirectory(directory);
        bool bf16 = model.DType == ScalarType.BFloat16;
        var qwen2 = model.Config.AttentionBias;
        var config = model.Config with
        {
            Architectures = [qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM"],
            TorchDtype = bf16 ? "bfloat16" : "float32",
        };
        config.Write(Path.Combine(directory, ConfigFile));
        var tensors = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter));
        SafetensorsWriter.Write(Path.Combine(directory, WeightsFile), tensors,
            bf16 ? ScalarType.BFloat16 : ScalarType.Float32);
    }

    /// <summary>Maps a tensor name to the file holding it (null when unlisted).</summary>
    static Func<string, string?> WeightFiles(string directory)
    {
        var single = Path.Combine(directory, WeightsFile);
        var index = Path.Combine(directory, IndexFile);
        if (File.Exists(single)) return _ => single;
        if (!File.Exists(index))
            throw new OaifException($"{directory}: no weights found (expected {WeightsFile} or {IndexFile})");
        var map = ReadWeightMap(index);
        return name => map.TryGetValue(name, out var file) ? Path.Combine(directory, file) : null;
    }

    static Dictionary<string, string> ReadWeightMap(string index)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(index));
            var map = root?["weight_map"] as JsonObject
                      ?? throw new OaifException($"{index}: missing 'weight_map' object");
            return map.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new OaifException($"{index}: malformed weight_map ({e.Message})");
        }
    }

    /// <summary>A tensor the model has no place for means the architecture differs; refuse it. Exceptions:
    /// lm_head.weight of a tied model (HF sometimes stores the copy) and rotary inv_freq buffers.</summary>
    static void RejectExtras(IEnumerable<SafetensorsReader> readers, HashSet<string> used, LlamaConfig config)
    {
        foreach (var reader in readers)
        {
            foreach (var name in reader.Entries.Keys)
            {
                bool ignorable = name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)
                                 || (config.TieWordEmbeddings && name == "lm_head.weight");
                if (!used.Contains(name) && !ignorable)
                    throw new OaifException(
                        $"{reader.Path}: unexpected tensor '{name}' (not part of this architecture)");
            }
        }
    }
}
