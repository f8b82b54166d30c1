namespace Oaif.Annotators;

/// <summary>
/// Says which of two responses to a prompt is better. Implementations are rule judges, LLM judges,
/// or delegating wrappers (both orders, budget, concurrency limit, counting) around another annotator.
/// </summary>
public interface IAnnotator
{
    /// <summary>
    /// A short stable name recorded with every judgement, e.g. "llm:gpt-4o-mini" or "rule:shorter".
    /// </summary>
    string Id { get; }

    /// <summary>
    /// Judges one pair. Failures the run can live with (timeouts, bad answers, an exhausted budget) come
    /// back as <see cref="Verdict.Invalid"/>; only configuration errors throw <see cref="OaifException"/>,
    /// and cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default);
}
