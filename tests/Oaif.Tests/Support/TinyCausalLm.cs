using Oaif.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Tests.Support;

/// <summary>
/// A tiny causal LM for trainer tests: token + position embeddings, one single-head causal
/// self-attention block with padding mask, linear head. Positions come from the attention mask, so
/// left padding does not shift them. Test-only: <see cref="Save"/> writes TorchSharp's own state-dict
/// format (model.dat), not a Hugging Face directory.
/// </summary>
public sealed class TinyCausalLm : nn.Module<Tensor, Tensor?, Tensor>, ICausalLanguageModel
{
    readonly int _vocab, _dim, _maxLen;
    readonly Embedding tok, pos;
    readonly Linear qkv, proj, head;

    public TinyCausalLm(int vocab, int dim = 16, int maxLen = 32, long seed = 0) : base("tiny")
    {
        (_vocab, _dim, _maxLen) = (vocab, dim, maxLen);
        // Seeded initialisation that leaves the global torch RNG as it was (Clone must not disturb it).
        using var saved = random.get_rng_state();
        random.manual_seed(seed);
        tok = nn.Embedding(vocab, dim);
        pos = nn.Embedding(maxLen, dim);
        qkv = nn.Linear(dim, 3 * dim);
        proj = nn.Linear(dim, dim);
        head = nn.Linear(dim, vocab);
        random.set_rng_state(saved);
        RegisterComponents();
    }

    public int VocabSize => _vocab;

    public nn.Module Module => this;

    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null) => forward(inputIds, attentionMask);

    public override Tensor forward(Tensor ids, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        long b = ids.shape[0], t = ids.shape[1];
        mask ??= ones(b, t, ScalarType.Int64);
        var positions = (mask.cumsum(1) - 1).clamp_min(0);                     // [B, T]
        var x = tok.forward(ids) + pos.forward(positions);                    // [B, T, C]
        var parts = qkv.forward(x).chunk(3, -1);
        var scores = parts[0].matmul(parts[1].transpose(1, 2)) / Math.Sqrt(_dim); // [B, T, T]
        var causal = ones(t, t, ScalarType.Bool).tril();                      // [T, T]
        var keys = mask.to_type(ScalarType.Bool).unsqueeze(1);                // [B, 1, T]
        // a padded query may see nothing; letting it see itself avoids an all -inf softmax row
        var allowed = (causal & keys) | eye(t, dtype: ScalarType.Bool);
        var attn = scores.masked_fill(allowed.logical_not(), float.NegativeInfinity).softmax(-1);
        x = x + proj.forward(attn.matmul(parts[2]));
        return head.forward(x).MoveToOuterDisposeScope();                      // [B, T, V]
    }

    public ICausalLanguageModel Clone()
    {
        var copy = new TinyCausalLm(_vocab, _dim, _maxLen);
        copy.load_state_dict(state_dict());
        return copy;
    }

    /// <summary>Test-only: TorchSharp's state-dict format into directory/model.dat.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        save(Path.Combine(directory, "model.dat"));
        File.WriteAllText(Path.Combine(directory, "shape.txt"), $"{_vocab} {_dim} {_maxLen}");
    }

    /// <summary>Loads what <see cref="Save"/> wrote.</summary>
    public static TinyCausalLm Load(string directory)
    {
        var shapeText = File.ReadAllText(Path.Combine(directory, "shape.txt"));
        var shape = shapeText.Split(' ').Select(int.Parse).ToArray();
        var model = new TinyCausalLm(shape[0], shape[1], shape[2]);
        model.load(Path.Combine(directory, "model.dat"));
        return model;
    }
}
