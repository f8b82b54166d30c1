using static Oaif.Quickstart.FactSummaryVocabulary;

namespace Oaif.Quickstart;

/// <summary>What the built-in judge found in one response.</summary>
/// <param name="FactsStated">Key facts the response states (0 to 6).</param>
/// <param name="DetailsStated">Extra details the response states (0 to 3).</param>
/// <param name="WrongFacts">Names, places, days, items, verbs, vehicles, occasions or numbers from the
/// task's vocabulary that the response states but that are not in the report's facts: copied distractors
/// or inventions.</param>
/// <param name="Words">Words in the response.</param>
/// <param name="Score">
/// FactWeight·FactsStated + DetailWeight·DetailsStated − WrongFactPenalty·WrongFacts
/// − LengthPenaltyPerWord·Words.
/// </param>
public sealed record FactSummaryScore(int FactsStated, int DetailsStated, int WrongFacts, int Words,
    double Score)
{
    /// <summary>Share of the six key facts stated.</summary>
    public double Coverage => FactsStated / 6.0;
}

/// <summary>
/// Scores a response against a report's facts. Every rule is explicit so a user can check any verdict by
/// hand: a fact or detail counts when its word appears; a vocabulary word that is neither counts as wrong
/// (each distinct word once); numbers are any digit run.
/// </summary>
public static class FactSummaryScorer
{
    static readonly HashSet<string> VocabularyWords = Names.Concat(Places).Concat(Days).Concat(Items)
        .Concat(Verbs).Concat(Vehicles).Concat(Occasions).ToHashSet(StringComparer.Ordinal);

    public static FactSummaryScore Score(string response, ReportFacts facts, JudgeCriteria criteria)
    {
        var words = SplitWords(response);
        var distinct = words.ToHashSet(StringComparer.Ordinal);
        var keyWords = facts.Key.Words.ToHashSet(StringComparer.Ordinal);
        var detailWords = facts.Details.Words.ToHashSet(StringComparer.Ordinal);
        int stated = keyWords.Count(distinct.Contains);
        int details = detailWords.Count(distinct.Contains);
        int wrong = distinct.Count(w => !keyWords.Contains(w) && !detailWords.Contains(w)
                                        && (VocabularyWords.Contains(w) || IsNumber(w)));
        double score = criteria.FactWeight * stated + criteria.DetailWeight * details
                       - criteria.WrongFactPenalty * wrong - criteria.LengthPenaltyPerWord * words.Count;
        return new FactSummaryScore(stated, details, wrong, words.Count, score);
    }

    /// <summary>Words are maximal runs of letters or digits.</summary>
    public static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0) start = i;
            if (!inWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }
        return words;
    }

    static bool IsNumber(string word) => word.All(char.IsAsciiDigit);
}
