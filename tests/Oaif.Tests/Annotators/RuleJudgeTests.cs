using Oaif.Annotators;
using Oaif.Tokenization;

namespace Oaif.Tests.Annotators;

public sealed class RuleJudgeTests
{
    static async Task<(Verdict, double?)> Judge(IAnnotator judge, string first, string second)
    {
        var j = await judge.JudgeAsync(new JudgeRequest("prompt", first, second));
        return (j.Verdict, j.ProbabilityFirst);
    }

    [Fact]
    public async Task Shorter_and_longer_compare_character_counts()
    {
        Assert.Equal((Verdict.First, 1.0), await Judge(RuleJudge.Shorter(), "abc", "abcd"));
        Assert.Equal((Verdict.Second, 0.0), await Judge(RuleJudge.Shorter(), "abcde", "ab"));
        Assert.Equal((Verdict.Tie, 0.5), await Judge(RuleJudge.Shorter(), "abc", "xyz"));
        Assert.Equal((Verdict.Second, 0.0), await Judge(RuleJudge.Longer(), "abc", "abcd"));
    }

    [Fact]
    public async Task Length_can_be_measured_in_tokens()
    {
        // "a b c" is 3 words but 5 characters; "abcdefgh" is 1 word but 8 characters.
        var words = RuleJudge.TokenLength(new WordTokenizer());
        Assert.Equal((Verdict.Second, 0.0), await Judge(RuleJudge.Shorter(words), "a b c", "abcdefgh"));
        Assert.Equal((Verdict.First, 1.0), await Judge(RuleJudge.Shorter(), "a b c", "abcdefgh"));
    }

    [Fact]
    public async Task Contains_prefers_the_match_and_ties_when_both_or_neither_match()
    {
        var judge = RuleJudge.Contains("please");
        Assert.Equal((Verdict.First, 1.0), await Judge(judge, "yes please", "yes"));
        Assert.Equal((Verdict.Second, 0.0), await Judge(judge, "no", "please no"));
        Assert.Equal((Verdict.Tie, 0.5), await Judge(judge, "please", "please"));
        Assert.Equal((Verdict.Tie, 0.5), await Judge(judge, "a", "b"));
        var avoid = RuleJudge.Contains("please", prefer: false);
        Assert.Equal((Verdict.First, 1.0), await Judge(avoid, "a", "please"));
        var anyCase = RuleJudge.Contains("PLEASE", comparison: StringComparison.OrdinalIgnoreCase);
        Assert.Equal((Verdict.First, 1.0), await Judge(anyCase, "please", "x"));
    }

    [Fact]
    public async Task Contains_token_looks_at_token_ids()
    {
        var tokenizer = new WordTokenizer();
        var judge = RuleJudge.ContainsToken(tokenizer, tokenizer.Encode("cat")[0]);
        // A substring is not the token.
        Assert.Equal((Verdict.Second, 0.0), await Judge(judge, "concatenate", "a cat"));
        Assert.Throws<OaifException>(() => RuleJudge.ContainsToken(tokenizer, 10_000));
    }

    [Fact]
    public async Task Regex_matches_and_bad_patterns_are_clear_errors()
    {
        var judge = RuleJudge.Matches(@"^\d+$");
        Assert.Equal((Verdict.First, 1.0), await Judge(judge, "42", "forty-two"));
        Assert.Equal((Verdict.Tie, 0.5), await Judge(judge, "1", "2"));
        var avoid = RuleJudge.Matches("sorry", prefer: false);
        Assert.Equal((Verdict.Second, 0.0), await Judge(avoid, "sorry", "ok"));
        Assert.Throws<OaifException>(() => RuleJudge.Matches("(unclosed"));
    }

    [Fact]
    public async Task Rules_give_the_same_verdict_in_both_orders()
    {
        var judge = new BothOrdersAnnotator(RuleJudge.Shorter());
        var j = await judge.JudgeAsync(new JudgeRequest("p", "short", "much longer"));
        Assert.Equal(Verdict.First, j.Verdict);
        Assert.Equal(1.0, j.ProbabilityFirst);
        Assert.True(j.OrdersAgree);
        Assert.Equal(0, j.Requests);
    }

    [Fact]
    public async Task Delegate_annotator_maps_probabilities_and_refuses_nonsense()
    {
        var judge = DelegateAnnotator.FromProbability("fn", r => r.First == "bad" ? double.NaN
            : r.First == "none" ? null : 0.3, tieMargin: 0.1);
        Assert.Equal((Verdict.Second, 0.3), await Judge(judge, "x", "y"));
        Assert.Equal(Verdict.Invalid, (await Judge(judge, "bad", "y")).Item1);
        Assert.Equal((Verdict.Invalid, null), await Judge(judge, "none", "y"));
    }

    /// <summary>Splits on spaces; each distinct word gets the next id (ids below 100).</summary>
    sealed class WordTokenizer : ITokenizer
    {
        readonly Dictionary<string, int> _ids = new() { ["cat"] = 0 };
        public int VocabSize => 100;
        public int? BosId => null;
        public int? EosId => null;
        public int? PadId => null;

        public int[] Encode(string text, bool addBos = false) =>
            text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => _ids.TryGetValue(w, out var id) ? id : _ids[w] = _ids.Count).ToArray();

        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) =>
            string.Join(' ', ids.Select(i => _ids.First(kv => kv.Value == i).Key));
    }
}
