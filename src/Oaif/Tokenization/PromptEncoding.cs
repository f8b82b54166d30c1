namespace Oaif.Tokenization;

/// <summary>
/// The one way oaif turns prompt text into model input, used by training, sampling, serving, judging and
/// evaluation alike so a model always sees prompts the way it was trained on them: special-token markup
/// in the text (e.g. from a chat template) becomes its ids, and BOS is put in front when the vocabulary
/// has one and the text did not already start with it.
/// </summary>
public static class PromptEncoding
{
    public static int[] EncodePrompt(this ITokenizer tokenizer, string prompt)
    {
        var ids = tokenizer.EncodeWithSpecialTokens(prompt);
        return tokenizer.BosId is int bos && (ids.Length == 0 || ids[0] != bos) ? [bos, .. ids] : ids;
    }
}
