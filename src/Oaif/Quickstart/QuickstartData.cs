using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Quickstart;

/// <summary>
/// The quickstart's three disjoint example sets (SFT, preference prompts, evaluation prompts) and the
/// BPE tokenizer trained on the SFT texts.
/// </summary>
public sealed class QuickstartData
{
    QuickstartData(IReadOnlyList<FactSummaryExample> sft, IReadOnlyList<FactSummaryExample> preference,
        IReadOnlyList<FactSummaryExample> eval, HuggingFaceTokenizer tokenizer)
    {
        (Sft, Preference, Eval, Tokenizer) = (sft, preference, eval, tokenizer);
    }

    public IReadOnlyList<FactSummaryExample> Sft { get; }

    public IReadOnlyList<FactSummaryExample> Preference { get; }

    public IReadOnlyList<FactSummaryExample> Eval { get; }

    public HuggingFaceTokenizer Tokenizer { get; }

    /// <summary>
    /// Generates the sets from one seeded stream (so they are disjoint draws) and trains the tokenizer on
    /// the SFT texts; writes tokenizer.json and tokenizer_config.json into <paramref name="dir"/>.
    /// </summary>
    public static QuickstartData Create(QuickstartOptions options, string dir)
    {
        var task = new FactSummaryTask(options.Seed);
        var sft = task.Generate(options.SftExamples);
        var preference = task.Generate(options.PreferencePrompts);
        var eval = task.Generate(options.EvalPrompts);
        var corpus = sft.SelectMany(e => new[] { e.Prompt, e.SftTarget, " " + e.IdealSummary });
        var trained = BpeTrainer.Train(corpus, new BpeTrainerOptions { VocabSize = options.VocabSize });
        var tokenizer = trained.Save(Path.Combine(dir, "tokenizer.json"));
        return new QuickstartData(sft, preference, eval, tokenizer);
    }

    /// <summary>Prompt (BOS + report) and SFT target followed by EOS, so the model learns to stop.</summary>
    public SftExample SftExample(FactSummaryExample example)
    {
        var prompt = Tokenizer.EncodePrompt(example.Prompt).Select(i => (long)i);
        var completion = Tokenizer.Encode(example.SftTarget)
            .Append(Tokenizer.EosId!.Value)
            .Select(i => (long)i);
        return new SftExample(prompt.ToArray(), completion.ToArray());
    }
}
