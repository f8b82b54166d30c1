using System.Text;
using Oaif.Tests.Support;
using Oaif.Tokenization;

namespace Oaif.Tests.Tokenization;

public class Llama2cTokenizerTests
{
    // A tiny tokenizer.bin: <unk>, BOS, EOS, 256 byte pieces (ids 3..258), then pieces with scores.
    // "lo" outscores "ll", so score-greedy merging must take it first.
    static readonly (string Piece, float Score)[] Pieces =
    {
        (" ", 0f), ("h", 0f), ("e", 0f), ("l", 0f), ("o", 0f),            // 259..263
        ("he", -1f), ("ll", -2f), ("llo", -3f), ("hello", -4f), (" hello", -5f), ("lo", -0.5f), // 264..269
    };

    static string WriteFixture()
    {
        string path = Path.Combine(TestPaths.NewTempDir("l2c"), "tokenizer.bin");
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(8); // max_token_length
        void Entry(string piece, float score)
        {
            var bytes = Encoding.UTF8.GetBytes(piece);
            writer.Write(score);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
        Entry("<unk>", 0);
        Entry("\n<s>\n", 0);
        Entry("\n</s>\n", 0);
        for (int b = 0; b < 256; b++) Entry($"<0x{b:X2}>", 0);
        foreach (var (piece, score) in Pieces) Entry(piece, score);
        return path;
    }

    [Fact]
    public void MergesByScoreAsLlama2cDoes()
    {
        var tokenizer = Llama2cTokenizer.Load(WriteFixture());
        Assert.Equal(270, tokenizer.VocabSize);
        // " hello": ' ' h e l l o -> lo -> he -> l+lo=llo -> he+llo=hello -> ' '+hello
        Assert.Equal(new[] { 268 }, tokenizer.Encode("hello"));
        Assert.Equal(new[] { 1, 268 }, tokenizer.Encode("hello", addBos: true));
        Assert.Equal(new[] { 259, 264, 'x' + 3 }, tokenizer.Encode("hex"));
    }

    [Fact]
    public void ByteFallbackRoundTrips()
    {
        var tokenizer = Llama2cTokenizer.Load(WriteFixture());
        var ids = tokenizer.Encode("hé");
        Assert.Equal(new[] { 259, 260, 0xC3 + 3, 0xA9 + 3 }, ids);
        Assert.Equal("hé", tokenizer.Decode(ids));
        Assert.Equal("hello", tokenizer.Decode(new[] { 1, 268 }));
        Assert.Equal("hello hello 🤖", tokenizer.Decode(tokenizer.Encode("hello hello 🤖")));
    }

    [Fact]
    public void TruncatedFileIsAnOaifException()
    {
        string path = WriteFixture();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 3)]);
        var e = Assert.Throws<OaifException>(() => Llama2cTokenizer.Load(path));
        Assert.Contains(path, e.Message);
    }
}
