using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Reads llama2.c legacy checkpoints: seven int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads,
/// vocab_size, seq_len; a negative vocab_size means a separate classifier follows), then float32
/// weights layer-major per kind. The format stores no token ids: BOS is 1 and, as run.c never stops on
/// an EOS id, the config gets no EOS. RMSNorm eps 1e-5 and rope theta 10000 are fixed by run.c.
/// </summary>
public static class Llama2cCheckpoint
{
    const int HeaderBytes = 7 * sizeof(int);

    /// <summary>Reads the header of <paramref name="path"/> into a config (vocab sign gives tying).</summary>
    public static LlamaConfig ReadConfig(string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: file not found");
        var header = new byte[HeaderBytes];
        using (var file = File.OpenRead(path))
        {
            if (file.Length < HeaderBytes)
                throw new OaifException($"{path}: truncated llama2.c checkpoint: expected at least " +
                                        $"{HeaderBytes} header bytes, file has {file.Length}");
            file.ReadExactly(header);
        }
        int Field(int i) => BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(i * 4));
        var config = new LlamaConfig
        {
            HiddenSize = Field(0),
            IntermediateSize = Field(1),
            NumHiddenLayers = Field(2),
            NumAttentionHeads = Field(3),
            NumKeyValueHeads = Field(4),
            VocabSize = Math.Abs(Field(5)),
            MaxPositionEmbeddings = Field(6),
            TieWordEmbeddings = Field(5) > 0,
            RmsNormEps = 1e-5,
            RopeTheta = 10000.0,
            BosTokenId = 1,
            EosTokenId = null,
        };
        config.Validate($"{path} (llama2.c header)");
        if (config.MaxPositionEmbeddings <= 0)
            throw new OaifException($"{path}: llama2.c header seq_len must be positive");
        return config;
    }

    /// <summary>Loads the checkpoint as an HF-convention model on <paramref name="device"/>.</summary>
    public static LlamaForCausalLM Load(string path, Device device, ScalarType dtype)
    {
        var config = ReadConfig(path);
        long expected = ExpectedBytes(config);
        long actual = new FileInfo(path).Length;
        if (actual != expected)
            throw new OaifException($"{path}: {(actual < expected ? "truncated" : "oversized")} llama2.c " +
                                    $"checkpoint: expected {expected} bytes for its header, " +
                                    $"file has {actual}");
        var model = new LlamaForCausalLM(config, device, dtype);
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Seek(HeaderBytes, SeekOrigin.Begin);
        using (no_grad()) CopyWeights(reader, model, config);
        model.eval();
        return model;
    }

    /// <summary>File size implied by the header, in bytes.</summary>
    public static long ExpectedBytes(LlamaConfig c)
    {
        long dim = c.HiddenSize, hidden = c.IntermediateSize, layers = c.NumHiddenLayers;
        long kvDim = (long)c.KeyValueHeads * c.HeadDim;
        long perLayer = dim + dim * dim + 2 * kvDim * dim + dim * dim + dim + 3 * hidden * dim;
        long rotaryTables = (long)c.MaxPositionEmbeddings * c.HeadDim; // two tables of seq_len x hd/2
        long floats = c.VocabSize * dim + layers * perLayer + dim + rotaryTables
                      + (c.TieWordEmbeddings ? 0 : c.VocabSize * dim);
        return HeaderBytes + 4 * floats;
    }

    static void CopyWeights(BinaryReader reader, LlamaForCausalLM model, LlamaConfig c)
    {
        var layers = model.model.layers.ToArray();
        int heads = c.NumAttentionHeads, kvHeads = c.KeyValueHeads;
        Fill(reader, model.model.embed_tokens.weight!);
        foreach (var l in layers) Fill(reader, l.input_layernorm.weight);
        foreach (var l in layers) FillPermuted(reader, l.self_attn.q_proj.weight, heads);
        foreach (var l in layers) FillPermuted(reader, l.self_attn.k_proj.weight, kvHeads);
        foreach (var l in layers) Fill(reader, l.self_attn.v_proj.weight);
        foreach (var l in layers) Fill(reader, l.self_attn.o_proj.weight);
        foreach (var l in layers) Fill(reader, l.post_attention_layernorm.weight);
        foreach (var l in layers) Fill(reader, l.mlp.gate_proj.weight); // w1
        foreach (var l in layers) Fill(reader, l.mlp.down_proj.weight); // w2
        foreach (var l in layers) Fill(reader, l.mlp.up_proj.weight);   // w3
        Fill(reader, model.model.norm.weight);
        // Skip the legacy freq_cis_real/imag tables: rotary angles are recomputed from theta.
        reader.BaseStream.Seek((long)c.MaxPositionEmbeddings * c.HeadDim * 4, SeekOrigin.Current);
        if (model.lm_head is { } head) Fill(reader, head.weight);
    }

    static void Fill(BinaryReader reader, Tensor target)
    {
        using var values = ReadFloats(reader, target.shape);
        target.copy_(values);
    }

    /// <summary>
    /// llama2.c rotates adjacent dims (2i, 2i+1) of a head; HF rotates i with i + hd/2. Reordering each
    /// head's output rows from [hd/2, 2] to [2, hd/2] (HF's convert_llama_weights_to_hf permute) makes
    /// the HF rotation compute the same attention scores.
    /// </summary>
    static void FillPermuted(BinaryReader reader, Tensor target, int heads)
    {
        using var scope = NewDisposeScope();
        long rows = target.size(0), cols = target.size(1);
        var values = ReadFloats(reader, target.shape);                           // [heads*hd, C]
        var permuted = values.view(heads, rows / heads / 2, 2, cols).transpose(1, 2).reshape(rows, cols);
        target.copy_(permuted);
    }

    static Tensor ReadFloats(BinaryReader reader, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var bytes = reader.ReadBytes(checked((int)(count * 4)));
        var floats = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return tensor(floats, shape, dtype: ScalarType.Float32);
    }
}
