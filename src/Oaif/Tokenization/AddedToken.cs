namespace Oaif.Tokenization;

/// <summary>A token from tokenizer.json <c>added_tokens</c>: matched as a whole string before
/// normalization when special-token markup is interpreted.</summary>
/// <param name="Id">Its id in the vocabulary.</param>
/// <param name="Content">The exact text, e.g. "&lt;|im_end|&gt;".</param>
/// <param name="Special">True for control tokens (left out by Decode with skipSpecialTokens).</param>
/// <param name="LeftStrip">Whitespace just before it is swallowed.</param>
/// <param name="RightStrip">Whitespace just after it is swallowed.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip = false,
    bool RightStrip = false);
