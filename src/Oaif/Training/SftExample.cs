namespace Oaif.Training;

/// <summary>
/// A tokenized SFT example. The loss covers the completion only; with an empty prompt it covers the
/// whole sequence except its first token (which has no context; put BOS in the prompt to score it).
/// </summary>
public sealed record SftExample(long[] Prompt, long[] Completion);
