using System.Diagnostics;
using Oaif.Annotators;
using Oaif.Tokenization;

namespace Oaif.Evaluation;

/// <summary>
/// Compares a candidate with a baseline: both answer every prompt, the annotator judges each pair in
/// both orders (it is wrapped in <see cref="BothOrdersAnnotator"/> here, so pass a single-order
/// annotator), and the report gives win / tie / loss with Wilson 95% intervals, lengths and EOS rates.
/// Invalid verdicts are counted and left out of every rate.
/// </summary>
public sealed class Evaluator
{
    readonly IAnnotator _judge;
    readonly string _judgeId;
    readonly ITokenizer _tokenizer;
    readonly EvaluationOptions _options;

    /// <param name="annotator">A single-order judge (rule, built-in, or LLM judge).</param>
    /// <param name="tokenizer">Measures response lengths in tokens.</param>
    /// <param name="options">Concurrency, tie band, instruction; defaults as documented there.</param>
    public Evaluator(IAnnotator annotator, ITokenizer tokenizer, EvaluationOptions? options = null)
    {
        _options = options ?? new EvaluationOptions();
        _options.Validate();
        _judge = new BothOrdersAnnotator(annotator, _options.Combine);
        _judgeId = annotator.Id;
        _tokenizer = tokenizer;
    }

    /// <summary>Generates (or reads) both sides' responses, judges every pair and reports.</summary>
    public async Task<EvaluationReport> EvaluateAsync(IReadOnlyList<string> prompts,
        IResponseSource candidate, IResponseSource baseline, CancellationToken cancellationToken = default)
    {
        if (prompts.Count == 0) throw new OaifException("evaluation needs at least one prompt");
        var clock = Stopwatch.StartNew();

        // Respond: one side after the other, since both may share the CPU.
        var ours = await candidate.RespondAsync(prompts, cancellationToken);
        var theirs = await baseline.RespondAsync(prompts, cancellationToken);
        CheckCount(ours, prompts.Count, candidate.Name);
        CheckCount(theirs, prompts.Count, baseline.Name);

        // Judge: candidate shown first; the wrapper adds the swapped order.
        var pairs = await JudgeAllAsync(prompts, ours, theirs, cancellationToken);
        return Report(prompts.Count, candidate.Name, baseline.Name, pairs, ours, theirs, clock.Elapsed);
    }

    static void CheckCount(IReadOnlyList<SourcedResponse> responses, int expected, string name)
    {
        if (responses.Count != expected)
            throw new OaifException($"{name} gave {responses.Count} responses for {expected} prompts");
    }

    async Task<EvaluatedPair[]> JudgeAllAsync(IReadOnlyList<string> prompts,
        IReadOnlyList<SourcedResponse> ours, IReadOnlyList<SourcedResponse> theirs, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var tasks = prompts.Select(async (prompt, i) =>
        {
            await slots.WaitAsync(ct);
            try
            {
                var request = new JudgeRequest(prompt, ours[i].Text, theirs[i].Text, _options.Instruction);
                var j = await _judge.JudgeAsync(request, ct);
                return new EvaluatedPair(prompt, ours[i].Text, theirs[i].Text, j.Verdict, j.ProbabilityFirst,
                    j.InvalidReason, j.OrdersAgree);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(tasks);
    }

    EvaluationReport Report(int prompts, string candidate, string baseline, EvaluatedPair[] pairs,
        IReadOnlyList<SourcedResponse> ours, IReadOnlyList<SourcedResponse> theirs, TimeSpan elapsed)
    {
        int Count(Verdict v) => pairs.Count(p => p.Verdict == v);
        var outcome = new WinTieLoss(Count(Verdict.First), Count(Verdict.Tie), Count(Verdict.Second),
            Count(Verdict.Invalid));
        int n = outcome.Judged;
        return new EvaluationReport(candidate, baseline, _judgeId, prompts, outcome,
            Share.Of(outcome.Wins, n), Share.Of(outcome.Ties, n), Share.Of(outcome.Losses, n),
            Share.Of(outcome.Wins + 0.5 * outcome.Ties, n),
            Statistics(ours), Statistics(theirs), pairs, elapsed.TotalSeconds);
    }

    SideStatistics Statistics(IReadOnlyList<SourcedResponse> responses)
    {
        var tokens = responses.Select(r => (double)_tokenizer.Encode(r.Text).Length).ToList();
        var words = responses.Select(r => (double)WordCount(r.Text)).ToList();
        var known = responses.Where(r => r.EndedWithEos.HasValue).ToList();
        double? eosRate = known.Count == 0
            ? null
            : known.Count(r => r.EndedWithEos == true) / (double)known.Count;
        return new SideStatistics(tokens.Average(), Median(tokens), words.Average(), Median(words), eosRate);
    }

    /// <summary>Whitespace-separated words.</summary>
    public static int WordCount(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
