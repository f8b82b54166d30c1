namespace Oaif.Annotators;

/// <summary>One pair to judge: a prompt and two candidate responses to it.</summary>
/// <param name="Prompt">The user prompt (or document to summarise) both responses answer.</param>
/// <param name="First">The response shown first.</param>
/// <param name="Second">The response shown second.</param>
/// <param name="Instruction">
/// Replaces the annotator's configured free-text instruction for this request; null keeps it.
/// </param>
public sealed record JudgeRequest(string Prompt, string First, string Second, string? Instruction = null)
{
    /// <summary>The same request with the two responses swapped.</summary>
    public JudgeRequest Swapped() => this with { First = Second, Second = First };
}
