namespace Oaif.Annotators;

/// <summary>
/// One judged pair as written to pairs.jsonl. <see cref="Chosen"/> and <see cref="Rejected"/> are the
/// preferred and dispreferred responses, set only for a First or Second verdict; ties and Invalid
/// verdicts are recorded for the audit trail but carry no chosen/rejected text.
/// </summary>
public sealed record AnnotatedPair
{
    /// <summary>Training step or batch the pair came from, when the caller has one.</summary>
    public long? Step { get; init; }

    /// <summary>The prompt.</summary>
    public required string Prompt { get; init; }

    /// <summary>The response shown first (in the original order).</summary>
    public required string First { get; init; }

    /// <summary>The response shown second.</summary>
    public required string Second { get; init; }

    /// <summary>"first" or "second": which one is <see cref="Chosen"/>; null for Tie and Invalid.</summary>
    public string? ChosenSide { get; init; }

    /// <summary>The preferred response text; null for Tie and Invalid.</summary>
    public string? Chosen { get; init; }

    /// <summary>The dispreferred response text; null for Tie and Invalid.</summary>
    public string? Rejected { get; init; }

    /// <summary>The verdict, written as "first", "second", "tie" or "invalid".</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>P(first better); null when Invalid.</summary>
    public double? ProbabilityFirst { get; init; }

    /// <summary>Agreement of the two presentation orders, when both were judged.</summary>
    public bool? OrdersAgree { get; init; }

    /// <summary>Which annotator judged (its <see cref="IAnnotator.Id"/>).</summary>
    public required string Annotator { get; init; }

    /// <summary>The annotator's rationale, if any.</summary>
    public string? Rationale { get; init; }

    /// <summary>Why the verdict is Invalid, if it is.</summary>
    public string? InvalidReason { get; init; }

    /// <summary>The annotator's raw answer (already truncated and redacted by the judge).</summary>
    public string? RawAnswer { get; init; }

    /// <summary>Wall-clock milliseconds to judge.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Input tokens spent.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Output tokens spent.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Money spent at the configured prices.</summary>
    public double Cost { get; init; }

    /// <summary>Endpoint calls made.</summary>
    public int Requests { get; init; }

    /// <summary>The record for one judged request.</summary>
    public static AnnotatedPair From(JudgeRequest request, Judgement judgement, string annotatorId,
        long? step = null)
    {
        var side = judgement.Verdict switch
        {
            Verdict.First => "first", Verdict.Second => "second", _ => null,
        };
        return new AnnotatedPair
        {
            Step = step,
            Prompt = request.Prompt,
            First = request.First,
            Second = request.Second,
            ChosenSide = side,
            Chosen = side switch { "first" => request.First, "second" => request.Second, _ => null },
            Rejected = side switch { "first" => request.Second, "second" => request.First, _ => null },
            Verdict = judgement.Verdict,
            ProbabilityFirst = judgement.ProbabilityFirst,
            OrdersAgree = judgement.OrdersAgree,
            Annotator = annotatorId,
            Rationale = judgement.Rationale,
            InvalidReason = judgement.InvalidReason,
            RawAnswer = judgement.RawAnswer,
            LatencyMs = judgement.Latency.TotalMilliseconds,
            PromptTokens = judgement.Usage.PromptTokens,
            CompletionTokens = judgement.Usage.CompletionTokens,
            Cost = judgement.Cost,
            Requests = judgement.Requests,
        };
    }
}
