namespace Oaif.Data;

/// <summary>A problem with one row; the loader turns it into "file:line: reason" or a counted skip.
/// The reason names the field but not the row's content, so equal reasons count together.</summary>
internal sealed class RowError(string reason) : Exception(reason)
{
    public string Reason => Message;
}
