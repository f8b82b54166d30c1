using Oaif.Tokenization;

namespace Oaif.Serving;

/// <summary>Finds and loads the tokenizer and chat template that belong to a model.</summary>
public static class TokenizerFiles
{
    /// <summary>The tokenizer path: <paramref name="tokenizerPath"/> when given, else tokenizer.json in
    /// the model directory. A llama2.c .bin model has no tokenizer beside it, so it needs one
    /// given.</summary>
    public static string Resolve(string modelPath, string? tokenizerPath)
    {
        if (tokenizerPath != null) return tokenizerPath;
        if (!Directory.Exists(modelPath) && !File.Exists(modelPath))
            throw new OaifException($"{modelPath}: no such model file or directory");
        string inDirectory = Path.Combine(modelPath, "tokenizer.json");
        if (Directory.Exists(modelPath) && File.Exists(inDirectory)) return inDirectory;
        throw new OaifException($"{modelPath}: no tokenizer.json beside the model; pass --tokenizer");
    }

    /// <summary>
    /// Copies tokenizer.json (and the tokenizer_config.json beside it, which holds the chat template
    /// and special tokens) into every checkpoint-N/model of a run, so each checkpoint loads on its own.
    /// </summary>
    public static void CopyIntoCheckpoints(string tokenizerJson, string runDir)
    {
        string source = Path.GetDirectoryName(Path.GetFullPath(tokenizerJson))!;
        string config = Path.Combine(source, "tokenizer_config.json");
        foreach (var checkpoint in Directory.GetDirectories(runDir, "checkpoint-*"))
        {
            string model = Path.Combine(checkpoint, "model");
            if (!Directory.Exists(model)) continue;
            File.Copy(tokenizerJson, Path.Combine(model, "tokenizer.json"), overwrite: true);
            if (File.Exists(config)) File.Copy(config, Path.Combine(model, "tokenizer_config.json"), true);
        }
    }

    /// <summary>A Hugging Face tokenizer.json, or any other file as a llama2.c tokenizer.bin.</summary>
    public static ITokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: tokenizer file not found");
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? HuggingFaceTokenizer.Load(path)
            : Llama2cTokenizer.Load(path);
    }

    /// <summary>The chat format named by tokenizer_config.json beside the tokenizer, or the plain
    /// "User: ...\nAssistant:" format when there is no such file or it has no chat_template.</summary>
    public static ChatFormatter ChatFormatterFor(string tokenizerPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(tokenizerPath))!;
        string config = Path.Combine(dir, "tokenizer_config.json");
        return File.Exists(config)
            ? ChatFormatter.FromTokenizerConfig(config)
            : new ChatFormatter(ChatFamily.Plain);
    }
}
