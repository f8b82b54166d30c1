using System.Text;
using Oaif.Tokenization;

namespace Oaif.Benchmarks;

/// <summary>
/// Bytes as tokens: 0 pad, 1 BOS, 2 EOS, 3 + b for byte b (259 ids). Needs no files, encodes any text,
/// and makes token counts equal UTF-8 byte counts, which keeps benchmark shapes predictable.
/// </summary>
internal sealed class ByteTokenizer : ITokenizer
{
    const int Offset = 3;

    public int VocabSize => 256 + Offset;
    public int? BosId => 1;
    public int? EosId => 2;
    public int? PadId => 0;

    public int[] Encode(string text, bool addBos = false)
    {
        var ids = Encoding.UTF8.GetBytes(text).Select(b => b + Offset);
        return addBos ? [1, .. ids] : ids.ToArray();
    }

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) =>
        Encoding.UTF8.GetString(ids.Where(i => i >= Offset && i < VocabSize).Select(i => (byte)(i - Offset))
            .ToArray());
}
