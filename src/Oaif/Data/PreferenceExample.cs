namespace Oaif.Data;

/// <summary>A preference pair: <paramref name="Chosen"/> was preferred over <paramref name="Rejected"/>
/// as continuations of <paramref name="Prompt"/>. prompt + chosen is the full formatted text.</summary>
public sealed record PreferenceExample(string Prompt, string Chosen, string Rejected, int Line);
