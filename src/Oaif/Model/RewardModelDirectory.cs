using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// A reward model as Hugging Face stores LlamaForSequenceClassification: config.json with
/// <c>architectures</c> ["LlamaForSequenceClassification"] and one label (num_labels 1, id2label),
/// and model.safetensors holding the backbone under <c>model.*</c> plus <c>score.weight</c> [1, C].
/// Always one weights file; sharded reward models are not read.
/// </summary>
public static class RewardModelDirectory
{
    /// <summary>The architecture name written and required.</summary>
    public const string Architecture = "LlamaForSequenceClassification";

    /// <summary>Writes config.json and model.safetensors into <paramref name="directory"/>.</summary>
    public static void Save(RewardModel rm, string directory)
    {
        Directory.CreateDirectory(directory);
        bool bf16 = rm.DType == ScalarType.BFloat16;
        var json = (rm.Config with { TorchDtype = bf16 ? "bfloat16" : "float32" }).ToJson();
        json["architectures"] = new JsonArray(Architecture);
        json["num_labels"] = 1;
        json["id2label"] = new JsonObject { ["0"] = "LABEL_0" };
        json["label2id"] = new JsonObject { ["LABEL_0"] = 0 };
        File.WriteAllText(Path.Combine(directory, HfModelDirectory.ConfigFile),
            json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var tensors = rm.named_parameters().Select(p => (p.name, (Tensor)p.parameter));
        SafetensorsWriter.Write(Path.Combine(directory, HfModelDirectory.WeightsFile), tensors,
            bf16 ? ScalarType.BFloat16 : ScalarType.Float32);
    }

    /// <summary>Loads a reward model directory; every tensor must be present with the right shape.</summary>
    public static RewardModel Load(string directory, Device device, ScalarType dtype)
    {
        var configPath = Path.Combine(directory, HfModelDirectory.ConfigFile);
        var config = ReadConfig(configPath);
        var weights = Path.Combine(directory, HfModelDirectory.WeightsFile);
        if (!File.Exists(weights)) throw new OaifException($"{directory}: no {HfModelDirectory.WeightsFile}");
        var rm = new RewardModel(config, device, dtype);
        try
        {
            using var reader = SafetensorsReader.Open(weights);
            CopyWeights(rm, reader);
        }
        catch
        {
            rm.Dispose();
            throw;
        }
        rm.eval();
        return rm;
    }

    static void CopyWeights(RewardModel rm, SafetensorsReader reader)
    {
        var wanted = rm.named_parameters().ToList();
        using (no_grad())
        {
            foreach (var (name, parameter) in wanted)
            {
                using var value = reader.Read(name, parameter.dtype, parameter.device);
                if (!value.shape.SequenceEqual(parameter.shape))
                    throw new OaifException($"{reader.Path}: tensor '{name}' has shape " +
                        $"[{string.Join(", ", value.shape)}], " +
                        $"expected [{string.Join(", ", parameter.shape)}]");
                parameter.copy_(value);
            }
        }
        var names = wanted.Select(p => p.name).ToHashSet();
        var extra = reader.Entries.Keys.FirstOrDefault(n => !names.Contains(n) && !n.EndsWith("inv_freq"));
        if (extra is not null)
            throw new OaifException(
                $"{reader.Path}: unexpected tensor '{extra}' (not part of a reward model)");
    }

    /// <summary>The backbone config of a reward model config.json; refuses other architectures.</summary>
    static LlamaConfig ReadConfig(string path)
    {
        var root = LlamaConfig.ReadJsonObject(path);
        var architectures = (root["architectures"] as JsonArray)?.Select(n => n?.ToString()).ToList() ?? [];
        if (!architectures.Contains(Architecture))
            throw new OaifException($"{path}: field 'architectures' must contain {Architecture} " +
                "(this is not a reward model directory)");
        int labels = root["id2label"] is JsonObject ids ? ids.Count : root["num_labels"]?.GetValue<int>()
            ?? 2;
        if (labels != 1)
            throw new OaifException($"{path}: a reward model has one label; this config has {labels}");
        // The backbone is a plain Llama; reuse its reader by presenting it as one.
        root["architectures"] = new JsonArray("LlamaForCausalLM");
        return LlamaConfig.FromJson(root, path);
    }
}
