using Oaif.Model;
using Oaif.Tokenization;

namespace Oaif.Training;

/// <summary>
/// Samples K responses per prompt from the current policy in one <see cref="TextGenerator"/> call over
/// batch×K rows, without gradients. The sampling seed of a step is a pure function of (seed, step), so a
/// resumed run draws what the uninterrupted run would have drawn from the same weights.
/// </summary>
internal sealed class OnlineSampler(ICausalLanguageModel policy, ITokenizer tokenizer, OnlineOptions options,
    int seed)
{
    /// <summary>Samples for <paramref name="prompts"/> (already chat-formatted text).</summary>
    public PromptSamples[] Sample(IReadOnlyList<string> prompts, int step, CancellationToken ct)
    {
        int k = options.SamplesPerPrompt;
        var promptIds = prompts.Select(Encode).ToArray();
        var rows = promptIds.SelectMany(p => Enumerable.Repeat(p, k)).ToArray();   // batch×K rows
        var generated = new TextGenerator(policy).Generate(rows, Generation(step), ct);
        return prompts.Select((text, i) => new PromptSamples(text,
            promptIds[i].Select(x => (long)x).ToArray(),
            generated.Skip(i * k).Take(k).Select(Response).ToArray())).ToArray();
    }

    int[] Encode(string prompt)
    {
        var ids = tokenizer.EncodePrompt(prompt);
        if (ids.Length == 0) throw new OaifException("online prompts: a prompt encodes to no tokens");
        return ids;
    }

    GenerationOptions Generation(int step) => new()
    {
        MaxNewTokens = options.MaxNewTokens,
        Temperature = options.Temperature,
        TopP = options.TopP,
        TopK = options.TopK,
        // A fixed arithmetic mix (not HashCode.Combine, which is randomised per process).
        Seed = unchecked(seed * 1_000_003L + step),
        StopTokenIds = tokenizer.EosId is { } eos ? [eos] : null,
        PadTokenId = tokenizer.PadId,
        ReturnLogProbs = true,
    };

    SampledResponse Response(GeneratedSequence g)
    {
        var textIds = g.EndedWithEos ? g.TokenIds[..^1] : g.TokenIds;
        double logProb = g.LogProbs!.Sum(p => (double)p);
        return new SampledResponse(g.TokenIds.Select(x => (long)x).ToArray(), tokenizer.Decode(textIds),
            g.EndedWithEos, logProb);
    }
}
