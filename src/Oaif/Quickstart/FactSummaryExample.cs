namespace Oaif.Quickstart;

/// <summary>The six key facts a good summary states, each a single word from the vocabulary.</summary>
public sealed record KeyFacts(string Name, string Verb, int Quantity, string Items, string Place, string Day)
{
    /// <summary>The facts as the words a response must contain to state them.</summary>
    public IReadOnlyList<string> Words => new[] { Name, Verb, Quantity.ToString(), Items, Place, Day };
}

/// <summary>
/// One quickstart document with its key facts, the ideal summary and the (possibly flawed) summary used
/// as the SFT target.
/// </summary>
public sealed record FactSummaryExample(
    string Document,
    string Prompt,
    KeyFacts Facts,
    string IdealSummary,
    string SftTarget,
    string SftDefects);
