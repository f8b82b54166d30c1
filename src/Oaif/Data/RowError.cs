namespace Oaif.Data;

/// <summary>A problem with one row; the loader turns it into "file:line: reason" or a counted skip.
/// The reason names the field but not the row's content, so equal reasons count together.</summary>
/// <param name="reason">What is wrong, naming the field.</param>
/// <param name="expected">The file's own format marks the row as holding no pair (a tie in a judged-pairs
/// file): skipped and counted even without <see cref="DatasetOptions.SkipBadRows"/>.</param>
internal sealed class RowError(string reason, bool expected = false) : Exception(reason)
{
    public string Reason => Message;

    public bool Expected => expected;

    /// <summary>A judged pair whose verdict is tie or invalid.</summary>
    public static RowError Undecided() => new("undecided verdict", expected: true);
}
