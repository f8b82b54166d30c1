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
    public void DocumentsStateEveryKeyFactAndIdealSummariesScorePerfectly()
    {
        foreach (var example in new FactSummaryTask(1).Generate(500))
        {
            var docWords = FactSummaryScorer.SplitWords(example.Document);
            Assert.All(example.Facts.Words, w => Assert.Contains(w, docWords));
            Assert.EndsWith(FactSummaryTask.ResponseCue, example.Prompt);
            var score = FactSummaryScorer.Score(example.IdealSummary, example.Facts, JudgeCriteria.Helpful);
            Assert.Equal(6, score.FactsStated);
            Assert.Equal(0, score.WrongFacts);
        }
    }

    [Fact]
    public void SftTargetsCarryTheAdvertisedDefects()
    {
        var examples = new FactSummaryTask(3).Generate(4000);
        double Share(string defect) =>
            examples.Count(e => e.SftDefects.Contains(defect)) / (double)examples.Count;
        // Binomial standard error at n=4000 is under 0.008, so ±0.03 cannot fail by chance.
        Assert.InRange(Share("padded"), 0.47, 0.53);
        Assert.InRange(Share("omission"), 0.17, 0.23);
        Assert.InRange(Share("invented"), 0.12, 0.18);
        foreach (var e in examples.Where(e => e.SftDefects.Contains("invented")))
            Assert.Equal(1, FactSummaryScorer.Score(e.SftTarget, e.Facts, JudgeCriteria.Helpful).WrongFacts);
        foreach (var e in examples.Where(e => e.SftDefects == "none"))
            Assert.Equal(" " + e.IdealSummary, e.SftTarget);
    }

    [Fact]
    public void ScorerCountsFactsWrongWordsAndLengthByHand()
    {
        var facts = new KeyFacts("Ava", "shipped", 7, "crates", "Lisbon", "Monday");
        var ideal = FactSummaryScorer.Score("Ava shipped 7 crates to Lisbon on Monday.", facts,
            JudgeCriteria.HelpfulAndShort);
        Assert.Equal(new FactSummaryScore(6, 0, 8, 6 - 0.25 * 8), ideal);

        // Ben is a wrong name: 3 facts (shipped, 7, crates), 1 wrong, 4 words.
        var wrong = FactSummaryScorer.Score("Ben shipped 7 crates.", facts, JudgeCriteria.HelpfulAndShort);
        Assert.Equal(new FactSummaryScore(3, 1, 4, 3 - 2 - 1.0), wrong);

        // A repeated wrong word counts once; an unknown number counts as wrong.
        var repeated = FactSummaryScorer.Score("Ava Ava Oslo Oslo 12", facts, JudgeCriteria.Helpful);
        Assert.Equal(new FactSummaryScore(1, 2, 5, 1 - 4), repeated);
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
                          "There were 7 of them.\nSummary:";

    [Fact]
    public async Task PrefersMoreFactsAndExplainsWhy()
    {
        var judge = new FactSummaryJudge();
        var verdict = await judge.JudgeAsync(new Oaif.Annotators.JudgeRequest(Prompt,
            " Ava shipped 7 crates to Lisbon on Monday.", " Ava shipped crates to Oslo."));
        // first: 6 facts, score 6; second: 3 facts (Ava, shipped, crates), 1 wrong (Oslo), score 1.
        Assert.Equal(Oaif.Annotators.Verdict.First, verdict.Verdict);
        Assert.Equal(1 / (1 + Math.Exp(1 - 6.0)), verdict.ProbabilityFirst!.Value, 12);
        Assert.Contains("second: 3 facts, 1 wrong, 5 words, score 1.00", verdict.Rationale);
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
    public async Task APromptThatIsNotAReportIsInvalidNotASide()
    {
        var request = new Oaif.Annotators.JudgeRequest("hi", "a", "b");
        var verdict = await new FactSummaryJudge().JudgeAsync(request);
        Assert.Equal(Oaif.Annotators.Verdict.Invalid, verdict.Verdict);
        Assert.Null(verdict.ProbabilityFirst);
    }
}
