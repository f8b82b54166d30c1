namespace Oaif.Annotators;

/// <summary>
/// A ready judge pipeline: the annotator to call, its shared counters, and the budget (when one is set)
/// so a trainer can stop once it is spent. Dispose it to release the HTTP client.
/// </summary>
/// <param name="Annotator">Call this for every pair.</param>
/// <param name="Stats">Counters shared by every part of the pipeline.</param>
/// <param name="Budget">The request budget, or null when unlimited.</param>
/// <param name="Resources">Disposables owned by the session.</param>
public sealed record JudgeSession(IAnnotator Annotator, AnnotatorStats Stats, BudgetAnnotator? Budget,
    IReadOnlyList<IDisposable> Resources) : IDisposable
{
    /// <summary>True once a configured budget is spent.</summary>
    public bool BudgetExhausted => Budget?.IsExhausted ?? false;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var resource in Resources) resource.Dispose();
    }
}
