using System.Text.RegularExpressions;

namespace Oaif.Quickstart;

/// <summary>
/// Reads the facts back out of a quickstart report, so the built-in judge needs nothing but the prompt
/// text, like any other judge. The six fact sentences have fixed shapes; distractor sentences never match
/// them.
/// </summary>
public static partial class ReportReader
{
    [GeneratedRegex(@"On (\w+), (\w+) (\w+) some (\w+)\.")]
    private static partial Regex WhoWhatWhen();

    [GeneratedRegex(@"They went to (\w+)\.")]
    private static partial Regex Where();

    [GeneratedRegex(@"There were (\d+) of them\.")]
    private static partial Regex HowMany();

    [GeneratedRegex(@"They travelled by (\w+)\.")]
    private static partial Regex Vehicle();

    [GeneratedRegex(@"It was for the (\w+)\.")]
    private static partial Regex Occasion();

    [GeneratedRegex(@"(\w+) helped them\.")]
    private static partial Regex Helper();

    /// <summary>The facts of the report in <paramref name="prompt"/>, or null if it is not one.</summary>
    public static ReportFacts? TryRead(string prompt)
    {
        var matches = new[] { WhoWhatWhen(), Where(), HowMany(), Vehicle(), Occasion(), Helper() }
            .Select(r => r.Match(prompt)).ToArray();
        if (matches.Any(m => !m.Success)) return null;
        var (who, where, howMany) = (matches[0].Groups, matches[1].Groups, matches[2].Groups);
        var key = new KeyFacts(who[2].Value, who[3].Value, int.Parse(howMany[1].Value), who[4].Value,
            where[1].Value, who[1].Value);
        var details = new ExtraDetails(matches[3].Groups[1].Value, matches[4].Groups[1].Value,
            matches[5].Groups[1].Value);
        return new ReportFacts(key, details);
    }
}
