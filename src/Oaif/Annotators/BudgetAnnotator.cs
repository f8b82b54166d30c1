namespace Oaif.Annotators;

/// <summary>
/// Lets at most <c>maxRequests</c> calls through to the inner annotator over its lifetime. Past the
/// budget it returns <see cref="Verdict.Invalid"/> with reason <see cref="ExhaustedReason"/> instead of
/// throwing, so a training run keeps going (pairs simply stop getting labels) and can watch
/// <see cref="IsExhausted"/> to stop early. Put it inside <see cref="BothOrdersAnnotator"/> so the
/// budget counts endpoint calls (two per pair); retries inside one call are bounded by the retry policy.
/// </summary>
public sealed class BudgetAnnotator : IAnnotator
{
    /// <summary>The <see cref="Judgement.InvalidReason"/> of calls refused for lack of budget.</summary>
    public const string ExhaustedReason = "budget exhausted";

    readonly IAnnotator _inner;
    readonly AnnotatorStats? _stats;
    readonly long _maxRequests;
    long _used;

    /// <summary>Wraps <paramref name="inner"/>; refusals are counted in <paramref name="stats"/>.</summary>
    public BudgetAnnotator(IAnnotator inner, long maxRequests, AnnotatorStats? stats = null)
    {
        if (maxRequests < 0)
            throw new OaifException($"judge option MaxRequests must be >= 0, got {maxRequests}");
        _inner = inner;
        _maxRequests = maxRequests;
        _stats = stats;
    }

    /// <inheritdoc/>
    public string Id => _inner.Id;

    /// <summary>Calls let through so far (at most the budget).</summary>
    public long Used => Math.Min(Interlocked.Read(ref _used), _maxRequests);

    /// <summary>True once every allowed call has been made.</summary>
    public bool IsExhausted => Interlocked.Read(ref _used) >= _maxRequests;

    /// <inheritdoc/>
    public Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default)
    {
        // Reserve a slot atomically, so concurrent callers can never overshoot the budget.
        if (Interlocked.Increment(ref _used) > _maxRequests)
        {
            _stats?.AddBudgetExhausted();
            return Task.FromResult(Judgement.Invalid(ExhaustedReason));
        }
        return _inner.JudgeAsync(request, cancellationToken);
    }
}
