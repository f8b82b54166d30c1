namespace Oaif.Data;

/// <summary>A prompt ready for the policy (chat formatting already applied).</summary>
/// <param name="Prompt">Prompt text; ends with the assistant cue when it came from messages.</param>
/// <param name="Line">1-based line (JSONL) or row (Parquet) in the source file.</param>
public sealed record PromptExample(string Prompt, int Line);
