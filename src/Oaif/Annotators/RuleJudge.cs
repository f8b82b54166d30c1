using System.Text.RegularExpressions;
using Oaif.Tokenization;

namespace Oaif.Annotators;

/// <summary>
/// Deterministic judges for controlled experiments and tests: the preferred behaviour is known exactly,
/// so one can check that training moves the policy towards it.
/// </summary>
/// <remarks>
/// Probabilities are hard: 1 when the first response wins, 0 when the second wins, 0.5 (a Tie) when the
/// rule cannot tell them apart — equal lengths, or both/neither matching. Hard values keep the verdict
/// identical under <see cref="BothOrdersAnnotator"/>, since every rule here is symmetric in the two
/// responses. Rule judges ignore the prompt and the instruction and spend no tokens.
/// </remarks>
public sealed class RuleJudge : IAnnotator
{
    readonly Func<string, string, int> _compare;

    /// <summary>
    /// A rule from a comparison: positive when the first response is better, negative when the second
    /// is, zero for a tie.
    /// </summary>
    public RuleJudge(string id, Func<string, string, int> compare)
    {
        Id = id;
        _compare = compare;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>
    /// Prefers the shorter response; length is characters unless <paramref name="length"/> is given.
    /// </summary>
    public static RuleJudge Shorter(Func<string, int>? length = null)
    {
        var measure = length ?? (s => s.Length);
        return new RuleJudge("rule:shorter", (a, b) => measure(b).CompareTo(measure(a)));
    }

    /// <summary>
    /// Prefers the longer response; length is characters unless <paramref name="length"/> is given.
    /// </summary>
    public static RuleJudge Longer(Func<string, int>? length = null)
    {
        var measure = length ?? (s => s.Length);
        return new RuleJudge("rule:longer", (a, b) => measure(a).CompareTo(measure(b)));
    }

    /// <summary>
    /// Length in tokens of <paramref name="tokenizer"/>, for <see cref="Shorter"/> and <see cref="Longer"/>.
    /// </summary>
    public static Func<string, int> TokenLength(ITokenizer tokenizer) => s => tokenizer.Encode(s).Length;

    /// <summary>
    /// Prefers the response containing <paramref name="text"/> (or, with <paramref name="prefer"/> false,
    /// the one without it).
    /// </summary>
    public static RuleJudge Contains(string text, bool prefer = true,
        StringComparison comparison = StringComparison.Ordinal)
    {
        if (text.Length == 0) throw new OaifException("rule judge 'contains' needs a non-empty text");
        return FromPredicate($"rule:{(prefer ? "" : "not-")}contains:{text}",
            s => s.Contains(text, comparison), prefer);
    }

    /// <summary>
    /// Prefers the response whose tokenisation includes token id <paramref name="tokenId"/>.
    /// </summary>
    public static RuleJudge ContainsToken(ITokenizer tokenizer, int tokenId, bool prefer = true)
    {
        if (tokenId < 0 || tokenId >= tokenizer.VocabSize)
            throw new OaifException($"rule judge 'contains-token': id {tokenId} is outside the vocabulary");
        return FromPredicate($"rule:{(prefer ? "" : "not-")}contains-token:{tokenId}",
            s => tokenizer.Encode(s).Contains(tokenId), prefer);
    }

    /// <summary>Prefers the response matching <paramref name="pattern"/> (.NET regex syntax).</summary>
    public static RuleJudge Matches(string pattern, bool prefer = true)
    {
        Regex regex;
        try { regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException e)
        {
            throw new OaifException($"rule judge 'regex': bad pattern: {e.Message}");
        }
        return FromPredicate($"rule:{(prefer ? "" : "not-")}regex:{pattern}", regex.IsMatch, prefer);
    }

    static RuleJudge FromPredicate(string id, Func<string, bool> predicate, bool prefer)
    {
        int Score(string s) => predicate(s) == prefer ? 1 : 0;
        return new RuleJudge(id, (a, b) => Score(a).CompareTo(Score(b)));
    }

    /// <inheritdoc/>
    public Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sign = Math.Sign(_compare(request.First, request.Second));
        var p = sign > 0 ? 1.0 : sign < 0 ? 0.0 : 0.5;
        return Task.FromResult(Judgement.FromProbability(p));
    }
}
