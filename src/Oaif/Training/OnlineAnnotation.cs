using Oaif.Annotators;

namespace Oaif.Training;

/// <summary>
/// Asks the annotator about every pair of responses of every prompt in a step, all at once
/// (Task.WhenAll; the annotator's own wrappers limit concurrency). Results keep a fixed order — prompt,
/// then first index, then second — whatever order the verdicts arrive in.
/// </summary>
internal sealed class OnlineAnnotation(IAnnotator annotator, MissingEosPenalty penalty)
{
    /// <summary>Annotator id recorded for pairs the missing-EOS rule decided.</summary>
    public const string EosRuleId = "rule:prefer-ended";

    /// <summary>One comparison per unordered pair of responses per prompt.</summary>
    public async Task<OnlineComparison[]> JudgeAsync(PromptSamples[] samples, int step, CancellationToken ct)
    {
        var pending = new List<Task<OnlineComparison>>();
        for (int p = 0; p < samples.Length; p++)
            for (int i = 0; i < samples[p].Responses.Length; i++)
                for (int j = i + 1; j < samples[p].Responses.Length; j++)
                    pending.Add(JudgeOneAsync(samples[p], p, i, j, step, ct));
        return await Task.WhenAll(pending).ConfigureAwait(false);
    }

    async Task<OnlineComparison> JudgeOneAsync(PromptSamples s, int p, int i, int j, int step,
        CancellationToken ct)
    {
        var (first, second) = (s.Responses[i], s.Responses[j]);
        var request = new JudgeRequest(s.Prompt, first.Text, second.Text);
        if (penalty == MissingEosPenalty.PreferEnded && first.EndedWithEos != second.EndedWithEos)
        {
            var ruled = Judgement.FromProbability(first.EndedWithEos ? 1 : 0) with
            {
                Rationale = "missing-EOS rule: only this response ended before the length limit",
            };
            return new OnlineComparison(p, i, j, AnnotatedPair.From(request, ruled, EosRuleId, step), true);
        }
        var judgement = await annotator.JudgeAsync(request, ct).ConfigureAwait(false);
        var record = AnnotatedPair.From(request, judgement, annotator.Id, step);
        return new OnlineComparison(p, i, j, record, false);
    }
}
