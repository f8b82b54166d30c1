using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>Loads a model from a llama2.c .bin checkpoint or a Hugging Face directory.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads <paramref name="path"/>: a directory with config.json is read as Hugging Face, any file as
    /// a llama2.c checkpoint. The model is returned in eval mode.
    /// </summary>
    public static LlamaForCausalLM Load(string path, Device? device = null,
                                        ScalarType dtype = ScalarType.Float32)
    {
        device ??= CPU;
        if (Directory.Exists(path))
        {
            if (!HfModelDirectory.IsModelDirectory(path))
                throw new OaifException($"{path}: not a model directory (no {HfModelDirectory.ConfigFile})");
            return HfModelDirectory.Load(path, device, dtype);
        }
        if (File.Exists(path)) return Llama2cCheckpoint.Load(path, device, dtype);
        throw new OaifException($"{path}: no such model file or directory");
    }

    /// <summary>Parses a --dtype value (float32, bfloat16).</summary>
    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "fp32" or "f32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new OaifException($"dtype '{name}' is not supported; use float32 or bfloat16"),
    };

    /// <summary>Parses a --device value (cpu, cuda, cuda:N).</summary>
    public static Device ParseDevice(string name)
    {
        try
        {
            var device = new Device(name);
            if (device.type == TorchSharp.DeviceType.CUDA && !cuda.is_available())
                throw new OaifException($"device '{name}' requested but CUDA is not available here");
            return device;
        }
        catch (ArgumentException)
        {
            throw new OaifException($"device '{name}' is not valid; use cpu or cuda");
        }
    }
}
