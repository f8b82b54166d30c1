using System.Text;

namespace Oaif.Tokenization;

/// <summary>
/// The GPT-2 byte-to-character table used by byte-level BPE files: every byte gets a printable
/// character, so a token of raw bytes can be stored as a JSON string (space becomes 'Ġ', '\n' 'Ċ').
/// </summary>
internal static class ByteLevelAlphabet
{
    static readonly char[] ByteToChar = BuildTable();
    static readonly Dictionary<char, byte> CharToByte = BuildInverse();

    /// <summary>The printable character that stands for byte <paramref name="b"/>.</summary>
    public static char Encode(byte b) => ByteToChar[b];

    /// <summary>UTF-8 bytes of <paramref name="text"/> written as byte-level characters.</summary>
    public static string EncodeText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>Appends the raw bytes a byte-level token stands for; false when a character is not in
    /// the table (the token is not byte-level).</summary>
    public static bool TryAppendBytes(string token, List<byte> output)
    {
        foreach (var c in token)
        {
            if (!CharToByte.TryGetValue(c, out var b)) return false;
            output.Add(b);
        }
        return true;
    }

    // Printable Latin-1 bytes map to themselves; the rest (controls, space, 0x7F-0xA0, 0xAD) are moved
    // to U+0100 and up in byte order. This is the table every GPT-2-style vocabulary is written in.
    static char[] BuildTable()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }

    static Dictionary<char, byte> BuildInverse()
    {
        var inverse = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++) inverse[ByteToChar[b]] = (byte)b;
        return inverse;
    }
}
