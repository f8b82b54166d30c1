using System.Text;

namespace Oaif.Tests.Tokenization;

/// <summary>Deterministic mixed-script text: English, accents, CJK, emoji (surrogate pairs and ZWJ
/// sequences), digits, code, tabs, CRLF and runs of spaces.</summary>
public static class MixedText
{
    static readonly string[] Words =
    {
        "the", "model", "learns", "from", "feedback", "Hello", "world", "naïve", "café", "Ünïcödé",
        "日本語", "中文文本", "한국어", "Привет", "مرحبا",
        "🤖", "🎉🎉", "👩‍💻", "🇫🇷", "x=1;", "if(a<b){", "}",
        "2024", "3.14159", "don't", "I'll", "'quoted'", "\"double\"",
        "\t", "\t\t", "\n", "\r\n", "\n\n", "   ",
        "∑∫√", "ğüşçö", "\u00a0", "end.", "ｆｕｌｌｗｉｄｔｈ",
        "😀😃😄", "𝔘𝔫𝔦",
    };

    /// <summary>About <paramref name="chars"/> UTF-16 characters, the same on every run for a seed.</summary>
    public static string Generate(int chars, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(chars + 64);
        while (sb.Length < chars)
        {
            sb.Append(Words[random.Next(Words.Length)]);
            sb.Append(random.Next(4) == 0 ? "" : " ");
        }
        return sb.ToString();
    }
}
