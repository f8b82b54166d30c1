namespace Oaif.Annotators;

/// <summary>
/// Lets at most <c>maxConcurrency</c> calls run inside the inner annotator at once; the rest wait their
/// turn. Keeps a batch of pairs from opening hundreds of connections to one judge server.
/// </summary>
public sealed class ConcurrencyLimitAnnotator : IAnnotator, IDisposable
{
    readonly IAnnotator _inner;
    readonly SemaphoreSlim _slots;

    /// <summary>Wraps <paramref name="inner"/> with <paramref name="maxConcurrency"/> slots.</summary>
    public ConcurrencyLimitAnnotator(IAnnotator inner, int maxConcurrency)
    {
        if (maxConcurrency < 1)
            throw new OaifException($"judge option MaxConcurrency must be >= 1, got {maxConcurrency}");
        _inner = inner;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    /// <inheritdoc/>
    public string Id => _inner.Id;

    /// <inheritdoc/>
    public async Task<Judgement> JudgeAsync(
        JudgeRequest request, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken);
        try { return await _inner.JudgeAsync(request, cancellationToken); }
        finally { _slots.Release(); }
    }

    /// <inheritdoc/>
    public void Dispose() => _slots.Dispose();
}
