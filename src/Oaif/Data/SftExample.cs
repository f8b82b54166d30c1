namespace Oaif.Data;

/// <summary>A supervised pair: the model is trained to produce <paramref name="Completion"/> after
/// <paramref name="Prompt"/>; prompt + completion is the full formatted text.</summary>
public sealed record SftExample(string Prompt, string Completion, int Line);
