using Oaif.Annotators;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using static TorchSharp.torch;

namespace Oaif.Tests.Serving;

/// <summary>
/// Shared by the serving tests: a byte-level BPE tokenizer trained here on a small corpus, and tiny
/// Llama models (~40k parameters) over its vocabulary, either random or with weights set so the next
/// token distribution is the same at every position.
/// </summary>
public sealed class TinyChatModel
{
    public TinyChatModel()
    {
        var corpus = new[]
        {
            JudgeTemplate.Helpfulness.System, JudgeTemplate.Helpfulness.User,
            "The cat sat on the mat. The dog ran to the park and back again.",
            "Paris is the capital of France. Water boils at one hundred degrees.",
            "System: User: Assistant: Response A Response B Answer A or B.",
        };
        var trained = BpeTrainer.Train(Enumerable.Repeat(corpus, 3).SelectMany(c => c),
            new BpeTrainerOptions { VocabSize = 320 });
        TokenizerPath = Path.Combine(TestPaths.NewTempDir("serve-bpe"), "tokenizer.json");
        Tokenizer = trained.Save(TokenizerPath);
    }

    public HuggingFaceTokenizer Tokenizer { get; }

    public string TokenizerPath { get; }

    public LlamaConfig Config => new()
    {
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        VocabSize = Tokenizer.VocabSize,
        MaxPositionEmbeddings = 2048,
        BosTokenId = Tokenizer.BosId,
        EosTokenId = Tokenizer.EosId,
        PadTokenId = Tokenizer.PadId,
    };

    /// <summary>The single id of a one-character label such as "A".</summary>
    public int IdOf(string text) => Assert.Single(Tokenizer.Encode(text));

    /// <summary>Every parameter random (seeded).</summary>
    public LlamaForCausalLM Random(long seed = 11)
    {
        var model = new LlamaForCausalLM(Config);
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var (_, p) in model.named_parameters()) p.copy_(randn(p.shape, generator: generator) * 0.3);
        model.eval();
        return model;
    }

    /// <summary>
    /// A model whose logits are the same at every position and for every input: <paramref name="logits"/>
    /// for the listed ids and exactly 0 for all others. All token embeddings are one vector, so every
    /// position carries the same state h (attention averages identical values); the output rows are then
    /// set to logit · h / |h|².
    /// </summary>
    public LlamaForCausalLM Constant(IReadOnlyDictionary<int, double> logits)
    {
        var model = Random();
        using var noGrad = no_grad();
        var embedding = model.model.embed_tokens.weight!;                  // [V, C]
        embedding.copy_(embedding[0].unsqueeze(0).expand_as(embedding));
        var head = model.lm_head!.weight!;                                  // [V, C]
        int c = Config.HiddenSize;

        // Read h through the head: with identity rows the first C logits are h itself.
        head.zero_();
        head.narrow(0, 0, c).copy_(eye(c));
        var h = model.Forward(tensor(new long[] { 5 }).unsqueeze(0))[0, 0].narrow(0, 0, c); // [C]
        var direction = h / h.dot(h);                                                           // [C]
        head.zero_();
        foreach (var (id, logit) in logits) head[id].copy_(direction * logit);
        return model;
    }
}
