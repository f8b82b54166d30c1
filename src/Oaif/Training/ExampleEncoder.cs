using Oaif.Data;
using Oaif.Tokenization;

namespace Oaif.Training;

/// <summary>
/// Turns text rows into the token ids the trainers, the reward model and its judge see, the same way
/// everywhere: the prompt starts with BOS (when the tokenizer has one and the chat markup did not put
/// it there already), each response ends with EOS so a model learns to stop, chat markup in either
/// becomes special-token ids, and <see cref="TruncationPolicy"/> fits the row into the context.
/// </summary>
public sealed class ExampleEncoder(ITokenizer tokenizer, TruncationPolicy truncation)
{
    /// <summary>The tokenizer in use.</summary>
    public ITokenizer Tokenizer { get; } = tokenizer;

    /// <summary>Prompt ids: optional BOS, then the text with special-token markup interpreted.</summary>
    public long[] Prompt(string text)
    {
        return Tokenizer.EncodePrompt(text).Select(i => (long)i).ToArray();
    }

    /// <summary>Response ids, ending with EOS when the tokenizer has one.</summary>
    public long[] Response(string text)
    {
        var ids = Tokenizer.EncodeWithSpecialTokens(text).Select(i => (long)i);
        return Tokenizer.EosId is int eos ? [.. ids, eos] : ids.ToArray();
    }

    /// <summary>A tokenized SFT example (completion truncated at its end when too long).</summary>
    public SftExample Sft(Data.SftExample row, string source)
    {
        var (prompt, completion) = Fit(Prompt(row.Prompt), Response(row.Completion), source, row.Line);
        return new SftExample(prompt, completion);
    }

    /// <summary>A tokenized preference pair; each response is fitted against the prompt on its own.</summary>
    public PreferenceExample Preference(Data.PreferenceExample row, string source)
    {
        var fullPrompt = Prompt(row.Prompt);
        var (prompt, chosen) = Fit(fullPrompt, Response(row.Chosen), source, row.Line);
        var (_, rejected) = Fit(fullPrompt, Response(row.Rejected), source, row.Line);
        return new PreferenceExample(prompt, chosen, rejected);
    }

    (long[] Prompt, long[] Response) Fit(long[] prompt, long[] response, string source, int line)
    {
        try
        {
            var (p, r, _) = truncation.Fit(ToInt(prompt), ToInt(response));
            return (p.Select(i => (long)i).ToArray(), r.Select(i => (long)i).ToArray());
        }
        catch (RowError e)
        {
            throw new OaifException($"{source}:{line}: {e.Reason}");
        }
    }

    static int[] ToInt(long[] ids) => ids.Select(i => (int)i).ToArray();
}
