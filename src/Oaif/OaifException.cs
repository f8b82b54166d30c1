namespace Oaif;

/// <summary>
/// An error the user can fix: a bad file, field, flag or input row. The message is one line that names
/// the file (and field or line where known) and says what is wrong; the CLI prints it and exits non-zero.
/// Never put secrets in the message.
/// </summary>
public class OaifException : Exception
{
    public OaifException(string message) : base(message) { }

    public OaifException(string message, Exception inner) : base(message, inner) { }
}
