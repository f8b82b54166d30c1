using System.Diagnostics;

namespace Oaif.Annotators;

/// <summary>
/// Judges every pair twice, as (A, B) and as (B, A), to cancel position bias, and averages
/// P(A better) = (p1 + (1 − p2)) / 2 where p1 = P(first) in the original order and p2 = P(first) in the
/// swapped one. The two orders run concurrently. Usage, cost and requests are summed; latency is the
/// wall-clock time of the pair.
/// </summary>
public sealed class BothOrdersAnnotator : IAnnotator
{
    readonly IAnnotator _inner;
    readonly BothOrdersOptions _options;

    /// <summary>
    /// Wraps <paramref name="inner"/>; options default to <see cref="BothOrdersOptions"/>().
    /// </summary>
    public BothOrdersAnnotator(IAnnotator inner, BothOrdersOptions? options = null)
    {
        _inner = inner;
        _options = options ?? new BothOrdersOptions();
        _options.Validate();
    }

    /// <inheritdoc/>
    public string Id => $"both-orders({_inner.Id})";

    /// <inheritdoc/>
    public async Task<Judgement> JudgeAsync(
        JudgeRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var forward = _inner.JudgeAsync(request, cancellationToken);
        var swapped = _inner.JudgeAsync(request.Swapped(), cancellationToken);
        var (ab, ba) = (await forward, await swapped);
        var combined = Combine(ab, ba);
        return combined with
        {
            Rationale = JoinParts(ab.Rationale, ba.Rationale),
            RawAnswer = JoinParts(ab.RawAnswer, ba.RawAnswer),
            Usage = ab.Usage + ba.Usage,
            Cost = ab.Cost + ba.Cost,
            Requests = ab.Requests + ba.Requests,
            Latency = clock.Elapsed,
        };
    }

    Judgement Combine(Judgement ab, Judgement ba)
    {
        if (ab.IsValid && ba.IsValid)
        {
            var p = (ab.ProbabilityFirst!.Value + (1 - ba.ProbabilityFirst!.Value)) / 2;
            return Judgement.FromProbability(p, _options.TieMargin) with { OrdersAgree = Agree(ab, ba) };
        }
        if (_options.FallBackToValidOrder && ab.IsValid)
            return Judgement.FromProbability(ab.ProbabilityFirst!.Value, _options.TieMargin);
        if (_options.FallBackToValidOrder && ba.IsValid)
            return Judgement.FromProbability(1 - ba.ProbabilityFirst!.Value, _options.TieMargin);
        var reason = ab.IsValid ? $"swapped order: {ba.InvalidReason}"
            : ba.IsValid ? $"original order: {ab.InvalidReason}"
            : $"both orders: {ab.InvalidReason}; {ba.InvalidReason}";
        return Judgement.Invalid(reason);
    }

    // The orders agree when the swapped order names the same response: First then Second, or the reverse.
    // A tie in either order counts as agreement only when both are ties.
    static bool Agree(Judgement ab, Judgement ba) => (ab.Verdict, ba.Verdict) switch
    {
        (Verdict.First, Verdict.Second) or (Verdict.Second, Verdict.First) => true,
        (Verdict.Tie, Verdict.Tie) => true,
        _ => false,
    };

    static string? JoinParts(string? ab, string? ba) =>
        ab is null && ba is null ? null : $"[A,B] {ab ?? "-"} | [B,A] {ba ?? "-"}";
}
