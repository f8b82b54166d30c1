using Oaif.Annotators;
using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Quickstart;

/// <summary>
/// The offline baseline's data: two responses per prompt sampled ONCE from the starting (SFT) model and
/// labelled by the judge — the usual off-policy preference set, with the same number of annotations the
/// online arm makes. Every judgement is written to pairs.jsonl; ties and invalid verdicts are kept there
/// but give no training pair.
/// </summary>
public static class OfflinePreferenceSet
{
    /// <summary>Rows decoded together; bounds memory and keeps batches large enough to be fast.</summary>
    const int GenerationBatch = 64;

    public static async Task<IReadOnlyList<PreferenceExample>> BuildAsync(ICausalLanguageModel model,
        ITokenizer tokenizer, IReadOnlyList<string> prompts, IAnnotator judge, OnlineOptions sampling,
        long seed, string pairsPath, CancellationToken cancellationToken = default)
    {
        var promptIds = prompts.Select(tokenizer.EncodePrompt).ToArray();
        var generator = new TextGenerator(model);
        var options = new GenerationOptions
        {
            MaxNewTokens = sampling.MaxNewTokens, Temperature = sampling.Temperature, TopP = sampling.TopP,
            TopK = sampling.TopK,
            // The same stop and pad ids the online sampler uses, so both arms' responses look alike.
            StopTokenIds = tokenizer.EosId is { } eos ? [eos] : null,
            PadTokenId = tokenizer.PadId,
        };
        var pairs = new List<PreferenceExample>();
        await using var writer = new AnnotatedPairWriter(pairsPath);
        int promptsPerBatch = GenerationBatch / 2;
        for (int start = 0; start < prompts.Count; start += promptsPerBatch)
        {
            int count = Math.Min(promptsPerBatch, prompts.Count - start);

            // sample: two responses per prompt, rows [2i, 2i+1] belong to prompt i
            var rows = Enumerable.Range(start, count).SelectMany(i => new[] { promptIds[i], promptIds[i] });
            var batchOptions = options with { Seed = seed + start };
            var sampled = generator.Generate(rows.ToList(), batchOptions, cancellationToken);

            // annotate
            var judgements = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                judge.JudgeAsync(Request(prompts[start + i], tokenizer, sampled[2 * i], sampled[2 * i + 1]),
                    cancellationToken)));
            for (int i = 0; i < count; i++)
            {
                var request = Request(prompts[start + i], tokenizer, sampled[2 * i], sampled[2 * i + 1]);
                var annotated = AnnotatedPair.From(request, judgements[i], judge.Id);
                await writer.WriteAsync(annotated, cancellationToken);
                if (Pair(promptIds[start + i], sampled[2 * i], sampled[2 * i + 1], judgements[i]) is { } pair)
                    pairs.Add(pair);
            }
        }
        return pairs;
    }

    static JudgeRequest Request(string prompt, ITokenizer tokenizer, GeneratedSequence a,
        GeneratedSequence b) =>
        new(prompt, Text(tokenizer, a), Text(tokenizer, b));

    static string Text(ITokenizer tokenizer, GeneratedSequence s) =>
        tokenizer.Decode(s.EndedWithEos ? s.TokenIds[..^1] : s.TokenIds);

    static PreferenceExample? Pair(int[] prompt, GeneratedSequence first, GeneratedSequence second,
        Judgement judgement)
    {
        if (judgement.Verdict is not (Verdict.First or Verdict.Second)) return null;
        var (chosen, rejected) = judgement.Verdict == Verdict.First ? (first, second) : (second, first);
        return new PreferenceExample(Longs(prompt), Longs(chosen.TokenIds), Longs(rejected.TokenIds));
    }

    static long[] Longs(int[] ids) => ids.Select(i => (long)i).ToArray();
}
