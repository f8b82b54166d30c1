using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Tests.Training;

/// <summary>
/// A 32-token character vocabulary (0 pad, 1 bos, 2 eos, 3-28 a-z, 29 space, 30 '.', 31 '?') and a tiny
/// Llama over it, for online-trainer tests.
/// </summary>
internal sealed class CharTokenizer : ITokenizer
{
    const string Chars = "abcdefghijklmnopqrstuvwxyz .?";

    public int VocabSize => 32;
    public int? BosId => 1;
    public int? EosId => 2;
    public int? PadId => 0;

    public int[] Encode(string text, bool addBos = false)
    {
        var ids = text.Select(c => Chars.IndexOf(c) is var i and >= 0 ? i + 3
            : throw new OaifException($"char tokenizer: '{c}' is not in the vocabulary"));
        return addBos ? [1, .. ids] : ids.ToArray();
    }

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) =>
        new(ids.Where(i => i >= 3).Select(i => Chars[i - 3]).ToArray());
}

internal static class OnlineToy
{
    public static readonly CharTokenizer Tokenizer = new();

    public static LlamaConfig Config() => new()
    {
        HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 1, NumAttentionHeads = 2, VocabSize = 32,
        MaxPositionEmbeddings = 64, BosTokenId = 1, EosTokenId = 2, PadTokenId = 0,
    };

    /// <summary>A seeded random tiny Llama (leaves the global torch RNG as it was).</summary>
    public static LlamaForCausalLM Model(long seed)
    {
        using var saved = random.get_rng_state();
        random.manual_seed(seed);
        var model = new LlamaForCausalLM(Config());
        random.set_rng_state(saved);
        model.eval();
        return model;
    }

    /// <summary>Short random lowercase prompts ending in '?'.</summary>
    public static List<string> Prompts(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new string(Enumerable.Range(0, rng.Next(2, 6))
                .Select(_ => (char)('a' + rng.Next(26))).ToArray()) + "?")
            .ToList();
    }

    public static TrainingConfig Config(int steps, int promptsPerStep = 4, int saveEvery = 0) => new()
    {
        Trainer = new TrainerOptions
        {
            LearningRate = 3e-3, WarmupSteps = 0, BatchSize = 16, MaxSteps = steps, SaveEvery = saveEvery,
            Seed = 5,
        },
        Loss = new Oaif.Losses.LossOptions { Type = "dpo", Beta = 0.1 },
        Online = new OnlineOptions { PromptsPerStep = promptsPerStep, MaxNewTokens = 6, Temperature = 1.0 },
    };

    public static double MaxDifference(ICausalLanguageModel a, ICausalLanguageModel b)
    {
        using var scope = NewDisposeScope();
        return a.Module.parameters().Zip(b.Module.parameters())
            .Max(p => (p.First - p.Second).abs().max().item<float>());
    }
}
