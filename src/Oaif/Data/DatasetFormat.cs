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
}
