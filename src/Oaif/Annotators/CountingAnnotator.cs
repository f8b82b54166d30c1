namespace Oaif.Annotators;

/// <summary>
/// Records every final verdict (judgements, invalid, ties) in an <see cref="AnnotatorStats"/>. Put it
/// outermost, so a pair judged in both orders counts once.
/// </summary>
public sealed class CountingAnnotator : IAnnotator
{
    readonly IAnnotator _inner;

    /// <summary>Wraps <paramref name="inner"/>, counting into <paramref name="stats"/>.</summary>
    public CountingAnnotator(IAnnotator inner, AnnotatorStats stats)
    {
        _inner = inner;
        Stats = stats;
    }

    /// <summary>Where verdicts are counted.</summary>
    public AnnotatorStats Stats { get; }

    /// <inheritdoc/>
    public string Id => _inner.Id;

    /// <inheritdoc/>
    public async Task<Judgement> JudgeAsync(
        JudgeRequest request, CancellationToken cancellationToken = default)
    {
        var judgement = await _inner.JudgeAsync(request, cancellationToken);
        Stats.RecordVerdict(judgement.Verdict);
        return judgement;
    }
}
