namespace Oaif.Quickstart;

/// <summary>The six key facts every good summary states, each a single word from the vocabulary.</summary>
public sealed record KeyFacts(string Name, string Verb, int Quantity, string Items, string Place, string Day)
{
    /// <summary>The facts as the words a response must contain to state them.</summary>
    public IReadOnlyList<string> Words => new[] { Name, Verb, Quantity.ToString(), Items, Place, Day };
}

/// <summary>
/// Three true but secondary details of a report: how the items travelled, what they were for and who
/// helped. A thorough summary adds them; a short one leaves them out.
/// </summary>
public sealed record ExtraDetails(string Vehicle, string Occasion, string Helper)
{
    /// <summary>The details as the words a response must contain to state them.</summary>
    public IReadOnlyList<string> Words => new[] { Vehicle, Occasion, Helper };
}

/// <summary>Everything true in a report that a summary may state.</summary>
public sealed record ReportFacts(KeyFacts Key, ExtraDetails Details);
