using Oaif.Quickstart;

namespace Oaif.Tests.Quickstart;

public class FactSummaryTaskTests
{
    [Fact]
    public void SameSeedGivesSameExamplesAndOtherSeedsDiffer()
    {
        var a = new FactSummaryTask(7).Generate(50);
        var b = new FactSummaryTask(7).Generate(50);
        var c = new FactSummaryTask(8).Generate(50);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(e => e.Prompt), c.Select(e => e.Prompt));
    }

    [Fact]
    public void DocumentsStateEveryFactAndIdealSummariesScorePerfectly()
    {
        foreach (var example in new FactSummaryTask(1).Generate(500))
        {
            var docWords = FactSummaryScorer.SplitWords(example.Document);
            Assert.All(example.Facts.Key.Words.Concat(example.Facts.Details.Words),
                w => Assert.Contains(w, docWords));
            Assert.EndsWith(FactSummaryTask.ResponseCue, example.Prompt);
            var score = FactSummaryScorer.Score(example.IdealSummary, example.Facts, JudgeCriteria.Helpful);
            Assert.Equal((6, 3, 0), (score.FactsStated, score.DetailsStated, score.WrongFacts));
            string brief = FactSummaryTask.IdealShort(example.Facts);
            var briefScore = FactSummaryScorer.Score(brief, example.Facts, JudgeCriteria.Helpful);
            Assert.Equal((6, 1, 0),
                (briefScore.FactsStated, briefScore.DetailsStated, briefScore.WrongFacts));
            string bare = FactSummaryScorer.SplitWords(brief).Count == 10
                ? brief[..brief.IndexOf(" by ", StringComparison.Ordinal)] + "."
                : throw new Xunit.Sdk.XunitException($"brief summary is not 10 words: {brief}");
            // The thorough summary wins under the default judge; under the "short" judge the brief one
            // (facts + vehicle) beats both the thorough one and the bare facts.
            Assert.True(score.Score > briefScore.Score);
            double Short(string text) =>
                FactSummaryScorer.Score(text, example.Facts, JudgeCriteria.HelpfulAndShort).Score;
            Assert.True(Short(brief) > Short(example.IdealSummary));
            Assert.True(Short(brief) > Short(bare));
        }
    }

    [Fact]
    public void SftTargetsCarryTheAdvertisedDefectsAndSomeDetails()
    {
        var examples = new FactSummaryTask(3).Generate(4000);
        double Share(string defect) =>
            examples.Count(e => e.SftDefects.Contains(defect)) / (double)examples.Count;
        // Binomial standard error at n=4000 is under 0.008, so ±0.03 cannot fail by chance.
        Assert.InRange(Share("padded"), 0.47, 0.53);
        Assert.InRange(Share("omission"), 0.22, 0.28);
        Assert.InRange(Share("invented"), 0.17, 0.23);
        var scores = examples
            .Select(e => FactSummaryScorer.Score(e.SftTarget, e.Facts, JudgeCriteria.Helpful)).ToList();
        // Each of the three details appears in 35% of targets: 1.05 per target on average, standard error
        // 0.83 / √4000 = 0.013, so ±0.05 cannot fail by chance.
        Assert.InRange(scores.Average(s => s.DetailsStated), 1.0, 1.1);
        foreach (var (e, score) in examples.Zip(scores))
        {
            // An invented value replaces a key fact: one fact fewer, one wrong word more.
            int invented = e.SftDefects.Contains("invented") ? 1 : 0;
            int omitted = e.SftDefects.Contains("omission") ? 1 : 0;
            Assert.Equal(invented, score.WrongFacts);
            Assert.Equal(6 - invented - omitted, score.FactsStated);
        }
    }

    [Fact]
    public void ScorerCountsFactsWrongWordsAndLengthByHand()
    {
        var facts = new ReportFacts(new KeyFacts("Ava", "shipped", 7, "crates", "Lisbon", "Monday"),
            new ExtraDetails("train", "fair", "Ben"));
        var brief = FactSummaryScorer.Score("Ava shipped 7 crates to Lisbon on Monday.", facts,
            JudgeCriteria.HelpfulAndShort);
        Assert.Equal(new FactSummaryScore(6, 0, 0, 8, 6 - 0.25 * 8), brief);

        // Two details (train, Ben) at 0.6 each, 12 words.
        var thorough = FactSummaryScorer.Score("Ava shipped 7 crates to Lisbon on Monday by train with Ben.",
            facts, JudgeCriteria.Helpful);
        Assert.Equal(new FactSummaryScore(6, 2, 0, 12, 6 + 1.2), thorough);

        // Cyrus is not in the vocabulary and counts as nothing; Oslo and boat are wrong: 3 facts
        // (shipped, 7, crates), 2 wrong, 6 words.
        var wrong = FactSummaryScorer.Score("Cyrus shipped 7 crates, Oslo, boat.", facts,
            JudgeCriteria.HelpfulAndShort);
        Assert.Equal(new FactSummaryScore(3, 0, 2, 6, 3 - 4 - 1.5), wrong);

        // A repeated wrong word counts once; an unknown number counts as wrong.
        var repeated = FactSummaryScorer.Score("Ava Ava Oslo Oslo 12", facts, JudgeCriteria.Helpful);
        Assert.Equal(new FactSummaryScore(1, 0, 2, 5, 1 - 4), repeated);
    }

    [Theory]
    [InlineData("prefer the shorter answer when both are helpful", 0.25)]
    [InlineData("Be helpful and concise.", 0.25)]
    [InlineData("Be helpful.", 0.0)]
    [InlineData(null, 0.0)]
    public void InstructionSelectsLengthPenalty(string? instruction, double expected)
    {
        Assert.Equal(expected, JudgeCriteria.FromInstruction(instruction).LengthPenaltyPerWord);
    }
}

public class ReportReaderTests
{
    [Fact]
    public void ReadsBackTheFactsOfEveryGeneratedReport()
    {
        foreach (var example in new FactSummaryTask(11).Generate(1000))
            Assert.Equal(example.Facts, ReportReader.TryRead(example.Prompt));
    }

    [Fact]
    public void ReturnsNullForTextThatIsNotAReport()
    {
        Assert.Null(ReportReader.TryRead("Summarise: the cat sat on the mat."));
    }
}

public class FactSummaryJudgeTests
{
    const string Prompt =
        "Report: On Monday, Ava shipped some crates. Ben stayed in Oslo. They went to Lisbon. " +
        "It was for the fair. There were 7 of them. Kira helped them. They travelled by van.\nSummary:";

    [Fact]
    public async Task PrefersMoreFactsAndExplainsWhy()
    {
        var judge = new FactSummaryJudge();
        var verdict = await judge.JudgeAsync(new Oaif.Annotators.JudgeRequest(Prompt,
            " Ava shipped 7 crates to Lisbon on Monday.", " Ava shipped crates to Oslo."));
        // first: 6 facts, score 6; second: 3 facts (Ava, shipped, crates), 1 wrong (Oslo), score 1.
        Assert.Equal(Oaif.Annotators.Verdict.First, verdict.Verdict);
        Assert.Equal(1 / (1 + Math.Exp(1 - 6.0)), verdict.ProbabilityFirst!.Value, 12);
        Assert.Contains("second: 3 facts, 0 details, 1 wrong, 5 words, score 1.00", verdict.Rationale);
    }

    [Fact]
    public async Task TheShortInstructionTurnsPaddingIntoALoss()
    {
        var request = new Oaif.Annotators.JudgeRequest(Prompt,
            " Here is a summary of the report. Ava shipped 7 crates to Lisbon on Monday.",
            " Ava shipped 7 crates to Lisbon on Monday.");
        var helpful = await new FactSummaryJudge("be helpful").JudgeAsync(request);
        var brief = await new FactSummaryJudge("be helpful and brief").JudgeAsync(request);
        Assert.Equal(Oaif.Annotators.Verdict.Tie, helpful.Verdict);
        Assert.Equal(Oaif.Annotators.Verdict.Second, brief.Verdict);
        // 7 padding words ("Here is a summary of the report") at 0.25 each: σ(−1.75).
        Assert.Equal(1 / (1 + Math.Exp(1.75)), brief.ProbabilityFirst!.Value, 12);
    }

    [Fact]
    public async Task DetailsWinUnderTheDefaultJudgeAndLoseUnderTheShortOne()
    {
        var request = new Oaif.Annotators.JudgeRequest(Prompt,
            " Ava shipped 7 crates to Lisbon on Monday by van for the fair.",
            " Ava shipped 7 crates to Lisbon on Monday.");
        var helpful = await new FactSummaryJudge("be helpful").JudgeAsync(request);
        var brief = await new FactSummaryJudge("be helpful and short").JudgeAsync(request);
        // Two details: +1.2 by default; with 5 more words at 0.25 each, 1.2 − 1.25 = −0.05.
        Assert.Equal(1 / (1 + Math.Exp(-1.2)), helpful.ProbabilityFirst!.Value, 12);
        Assert.Equal(1 / (1 + Math.Exp(0.05)), brief.ProbabilityFirst!.Value, 12);
    }

    [Fact]
    public async Task APromptThatIsNotAReportIsInvalidNotASide()
    {
        var request = new Oaif.Annotators.JudgeRequest("hi", "a", "b");
        var verdict = await new FactSummaryJudge().JudgeAsync(request);
        Assert.Equal(Oaif.Annotators.Verdict.Invalid, verdict.Verdict);
        Assert.Null(verdict.ProbabilityFirst);
    }
}
