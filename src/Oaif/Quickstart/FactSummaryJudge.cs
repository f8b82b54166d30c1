using Oaif.Annotators;

namespace Oaif.Quickstart;

/// <summary>
/// The quickstart's built-in, transparent judge. It reads the key facts from the report in the prompt,
/// scores both responses with <see cref="FactSummaryScorer"/> under the criteria its instruction selects
/// (see <see cref="JudgeCriteria.FromInstruction"/>), and prefers the higher score:
/// P(first better) = σ(score₁ − score₂), a tie when the scores are equal.
/// The rationale spells out both
/// scores, so every verdict can be checked by hand. It is deterministic, so judging both orders gives
/// mirrored answers; it still goes through the same both-orders wrapper as an LLM judge.
/// </summary>
public sealed class FactSummaryJudge : IAnnotator
{
    readonly string? _instruction;

    /// <param name="instruction">Free-text instruction, e.g. "helpful" or "helpful and short".</param>
    public FactSummaryJudge(string? instruction = null)
    {
        _instruction = instruction;
        Id = "builtin:fact-summary" + (JudgeCriteria.FromInstruction(instruction).LengthPenaltyPerWord > 0
            ? ":short" : ":helpful");
    }

    public string Id { get; }

    public Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default)
    {
        var facts = ReportReader.TryRead(request.Prompt);
        if (facts is null) return Task.FromResult(Judgement.Invalid("prompt is not a quickstart report"));
        var criteria = JudgeCriteria.FromInstruction(request.Instruction ?? _instruction);
        var first = FactSummaryScorer.Score(request.First, facts, criteria);
        var second = FactSummaryScorer.Score(request.Second, facts, criteria);
        double probabilityFirst = 1.0 / (1.0 + Math.Exp(second.Score - first.Score));
        var judgement = Judgement.FromProbability(probabilityFirst) with
        {
            Rationale = $"first: {Describe(first)}; second: {Describe(second)}",
        };
        return Task.FromResult(judgement);
    }

    static string Describe(FactSummaryScore s) =>
        $"{s.FactsStated} facts, {s.DetailsStated} details, {s.WrongFacts} wrong, {s.Words} words, " +
        $"score {s.Score:F2}";
}
