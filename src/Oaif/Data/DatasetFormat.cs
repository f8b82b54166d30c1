namespace Oaif.Data;

/// <summary>The row layout of a dataset file; <see cref="Auto"/> detects it from the first row.</summary>
public enum DatasetFormat
{
    Auto,
    /// <summary><c>{"prompt": "..."}</c> (prompts) or <c>{"prompt", "completion"}</c> (SFT).</summary>
    Text,
    /// <summary><c>{"messages": [{"role", "content"}, ...]}</c>.</summary>
    Messages,
    /// <summary><c>{"prompt", "chosen", "rejected"}</c> all strings.</summary>
    PreferenceText,
    /// <summary>chosen/rejected as message lists; prompt optional (messages or string).</summary>
    PreferenceConversational,
    /// <summary>Anthropic HH-RLHF: <c>{"chosen", "rejected"}</c> full "\n\nHuman: ... \n\nAssistant: ..."
    /// transcripts, split at the last "\n\nAssistant:".</summary>
    HhTranscript,
    /// <summary>Judged pairs as an annotator or online run writes them (pairs.jsonl):
    /// <c>{"prompt", "first", "second", "verdict"}</c>, plus <c>"chosen"</c> and <c>"rejected"</c> when the
    /// verdict is "first" or "second". Tie and invalid lines are skipped and counted as
    /// "undecided verdict", not treated as bad rows.</summary>
    JudgedPairs,
}
