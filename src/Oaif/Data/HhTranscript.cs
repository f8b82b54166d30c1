namespace Oaif.Data;

/// <summary>Anthropic HH-RLHF transcripts: "\n\nHuman: ...\n\nAssistant: ..." with the final assistant
/// turn as the response.</summary>
public static class HhTranscript
{
    /// <summary>The cue that starts an assistant turn.</summary>
    public const string AssistantCue = "\n\nAssistant:";

    /// <summary>Splits at the LAST assistant cue: the prompt keeps the cue at its end, the response is
    /// everything after it (usually starting with a space).</summary>
    public static (string Prompt, string Response) Split(string transcript)
    {
        int at = transcript.LastIndexOf(AssistantCue, StringComparison.Ordinal);
        if (at < 0) throw new RowError("transcript has no \"\\n\\nAssistant:\" turn");
        int end = at + AssistantCue.Length;
        return (transcript[..end], transcript[end..]);
    }
}
