namespace Oaif.Annotators;

/// <summary>
/// An annotator made from a C# function, for library users with their own scoring (a reward model, a
/// unit-test runner, a human in the loop).
/// </summary>
public sealed class DelegateAnnotator : IAnnotator
{
    readonly Func<JudgeRequest, CancellationToken, Task<Judgement>> _judge;

    /// <summary>Wraps a function that returns a full judgement.</summary>
    public DelegateAnnotator(string id, Func<JudgeRequest, CancellationToken, Task<Judgement>> judge)
    {
        Id = id;
        _judge = judge;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>
    /// Wraps a function returning P(first better), or null when it cannot judge (an Invalid verdict).
    /// The verdict follows the probability with the given tie margin (see <see
    /// cref="Judgement.FromProbability"/>).
    /// </summary>
    public static DelegateAnnotator FromProbability(string id, Func<JudgeRequest, double?> probabilityFirst,
        double tieMargin = 0)
    {
        return new DelegateAnnotator(id, (request, _) =>
        {
            var p = probabilityFirst(request);
            if (p is not (>= 0 and <= 1))
                return Task.FromResult(Judgement.Invalid(p is null ? "function gave no answer"
                    : $"function returned {p}, outside [0, 1]"));
            return Task.FromResult(Judgement.FromProbability(p.Value, tieMargin));
        });
    }

    /// <inheritdoc/>
    public Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default) =>
        _judge(request, cancellationToken);
}
