namespace Oaif.Annotators;

/// <summary>
/// Sums up why verdicts were Invalid, for the one-line errors that stop a run or an evaluation.
/// </summary>
public static class InvalidReasons
{
    /// <summary>
    /// The commonest of <paramref name="reasons"/> (one per Invalid verdict; null counts as "no reason
    /// given") with its count out of <paramref name="total"/> comparisons, e.g. "connection failed (8 of
    /// 8)"; null when there are none. Long reasons are cut at 200 characters.
    /// </summary>
    public static string? MostCommon(IEnumerable<string?> reasons, int total)
    {
        var top = reasons.GroupBy(r => r ?? "(no reason given)").OrderByDescending(g => g.Count())
            .FirstOrDefault();
        if (top is null) return null;
        string text = top.Key.Length > 200 ? top.Key[..200] + "…" : top.Key;
        return $"{text} ({top.Count()} of {total})";
    }
}
