using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oaif.Model;

/// <summary>
/// Shape and constants of a Llama-family decoder, mirroring the Hugging Face config.json fields of
/// LlamaForCausalLM, MistralForCausalLM and Qwen2ForCausalLM. Defaults are those of Hugging Face's
/// LlamaConfig unless stated otherwise.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>Width of the residual stream (config.json <c>hidden_size</c>). Required.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Width of the SwiGLU hidden layer (<c>intermediate_size</c>). Required.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>Number of decoder layers (<c>num_hidden_layers</c>). Required.</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary>Number of query heads (<c>num_attention_heads</c>). Required.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>Number of key/value heads (<c>num_key_value_heads</c>); defaults to the query
    /// heads.</summary>
    public int? NumKeyValueHeads { get; init; }

    /// <summary>Vocabulary size (<c>vocab_size</c>). Required.</summary>
    public required int VocabSize { get; init; }

    /// <summary>Longest context the model was trained for (<c>max_position_embeddings</c>); HF default 2048.
    /// Also the default KV-cache capacity limit.</summary>
    public int MaxPositionEmbeddings { get; init; } = 2048;

    /// <summary>RMSNorm epsilon (<c>rms_norm_eps</c>); HF default 1e-6 (llama2.c uses 1e-5).</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary>Rotary base (<c>rope_theta</c>); default 10000.</summary>
    public double RopeTheta { get; init; } = 10000.0;

    /// <summary>Whether the output head reuses the token embedding (<c>tie_word_embeddings</c>); default
    /// false.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Whether q/k/v projections carry biases (Qwen2 style). Read from <c>attention_bias</c>;
    /// defaults to true for Qwen2ForCausalLM (which always has them) and false otherwise.
    /// Unlike HF Llama, the output projection never has a bias here.</summary>
    public bool AttentionBias { get; init; }

    /// <summary>Per-head width (<c>head_dim</c>); defaults to hidden_size / num_attention_heads.</summary>
    public int? HeadDimOverride { get; init; }

    /// <summary>Beginning-of-sequence id (<c>bos_token_id</c>); HF default 1.</summary>
    public int? BosTokenId { get; init; } = 1;

    /// <summary>End-of-sequence id (<c>eos_token_id</c>; the first one when a list); HF default 2.
    /// Null means the model has no stop token (e.g. a llama2.c checkpoint).</summary>
    public int? EosTokenId { get; init; } = 2;

    /// <summary>Padding id (<c>pad_token_id</c>); default none.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>Architecture names (<c>architectures</c>); default LlamaForCausalLM.</summary>
    public IReadOnlyList<string> Architectures { get; init; } = ["LlamaForCausalLM"];

    /// <summary>Storage dtype name (<c>torch_dtype</c>), e.g. float32 or bfloat16; default float32.</summary>
    public string TorchDtype { get; init; } = "float32";

    /// <summary>Key/value heads after applying the default.</summary>
    public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;

    /// <summary>Per-head width after applying the default.</summary>
    public int HeadDim => HeadDimOverride ?? HiddenSize / NumAttentionHeads;

    /// <summary>Checks the numbers fit together; <paramref name="source"/> names the file in
    /// errors.</summary>
    public void Validate(string source)
    {
        void Require(bool ok, string field, string problem)
        {
            if (!ok) throw new OaifException($"{source}: field '{field}' {problem}");
        }
        Require(HiddenSize > 0, "hidden_size", "must be positive");
        Require(IntermediateSize > 0, "intermediate_size", "must be positive");
        Require(NumHiddenLayers > 0, "num_hidden_layers", "must be positive");
        Require(NumAttentionHeads > 0, "num_attention_heads", "must be positive");
        Require(VocabSize > 0, "vocab_size", "must be positive");
        Require(KeyValueHeads > 0 && NumAttentionHeads % KeyValueHeads == 0, "num_key_value_heads",
            $"must divide num_attention_heads ({NumAttentionHeads})");
        Require(HeadDim > 0 && HeadDim % 2 == 0, "head_dim", "must be positive and even (rotary pairs)");
        Require(HeadDimOverride != null || HiddenSize % NumAttentionHeads == 0, "hidden_size",
            "must be divisible by num_attention_heads");
        Require(RmsNormEps > 0, "rms_norm_eps", "must be positive");
        Require(RopeTheta > 0, "rope_theta", "must be positive");
    }

    /// <summary>Reads config.json; a missing required field or unsupported feature is an
    /// OaifException.</summary>
    public static LlamaConfig Read(string path) => FromJson(ReadJsonObject(path), path);

    /// <summary>A config file's top-level JSON object; a missing file or bad JSON is an OaifException
    /// naming the file.</summary>
    internal static JsonObject ReadJsonObject(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: file not found");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new OaifException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new OaifException($"{path}: not valid JSON ({e.Message})");
        }
    }

    /// <summary>Builds a config from a parsed config.json object.</summary>
    public static LlamaConfig FromJson(JsonObject root, string source)
    {
        var fields = new ConfigJsonFields(root, source);
        fields.RejectUnsupported();
        var architectures = fields.Architectures();
        bool isQwen2 = architectures.Contains("Qwen2ForCausalLM");
        var config = new LlamaConfig
        {
            HiddenSize = fields.RequiredInt("hidden_size"),
            IntermediateSize = fields.RequiredInt("intermediate_size"),
            NumHiddenLayers = fields.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = fields.RequiredInt("num_attention_heads"),
            VocabSize = fields.RequiredInt("vocab_size"),
            NumKeyValueHeads = fields.OptionalInt("num_key_value_heads"),
            MaxPositionEmbeddings = fields.OptionalInt("max_position_embeddings") ?? 2048,
            RmsNormEps = fields.OptionalDouble("rms_norm_eps") ?? 1e-6,
            RopeTheta = fields.OptionalDouble("rope_theta") ?? 10000.0,
            TieWordEmbeddings = fields.OptionalBool("tie_word_embeddings") ?? false,
            AttentionBias = fields.OptionalBool("attention_bias") ?? isQwen2,
            HeadDimOverride = fields.OptionalInt("head_dim"),
            BosTokenId = fields.Has("bos_token_id") ? fields.OptionalId("bos_token_id") : 1,
            EosTokenId = fields.Has("eos_token_id") ? fields.OptionalId("eos_token_id") : 2,
            PadTokenId = fields.OptionalId("pad_token_id"),
            Architectures = architectures,
            TorchDtype = fields.OptionalString("torch_dtype") ?? "float32",
        };
        config.Validate(source);
        return config;
    }

    /// <summary>The config.json object for this config.</summary>
    public JsonObject ToJson()
    {
        bool qwen2 = Architectures.Contains("Qwen2ForCausalLM");
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(Architectures.Select(a => (JsonNode?)a).ToArray()),
            ["model_type"] = qwen2 ? "qwen2"
                : Architectures.Contains("MistralForCausalLM") ? "mistral" : "llama",
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = KeyValueHeads,
            ["vocab_size"] = VocabSize,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["attention_bias"] = AttentionBias,
            ["hidden_act"] = "silu",
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenId,
            ["pad_token_id"] = PadTokenId,
            ["torch_dtype"] = TorchDtype,
        };
        if (HeadDimOverride is { } headDim) json["head_dim"] = headDim;
        return json;
    }

    /// <summary>Writes config.json (indented).</summary>
    public void Write(string path)
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(path, ToJson().ToJsonString(options) + "\n");
    }
}
