using Microsoft.ML.Tokenizers;
using Oaif.Tokenization;

namespace Oaif.Tests.Tokenization;

/// <summary>GPT-2 ids: published values, and our tokenizer.json path against Microsoft.ML.Tokenizers'
/// tiktoken implementation on the same vocabulary.</summary>
public class Gpt2TokenizerTests
{
    // Published GPT-2 ids (the OpenAI vocabulary): "!" 0, "#" 2, "," 11, "Hello" 15496, " world" 995.
    public static TheoryData<string, int[]> Published => new()
    {
        { "Hello world", new[] { 15496, 995 } },
        { "Hello, world!", new[] { 15496, 11, 995, 0 } },
        { "!", new[] { 0 } },
        { "#", new[] { 2 } },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void ReferenceLibraryGivesPublishedIds(string text, int[] expected)
    {
        var reference = TiktokenTokenizer.CreateForModel("gpt2");
        Assert.Equal(expected, reference.EncodeToIds(text).ToArray());
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void TokenizerJsonPathGivesPublishedIds(string text, int[] expected)
    {
        var ours = HuggingFaceTokenizer.Load(Gpt2Fixture.TokenizerJsonPath);
        Assert.Equal(expected, ours.Encode(text));
        Assert.Equal(text, ours.Decode(expected));
    }

    [Fact]
    public void TokenizerJsonPathMatchesReferenceOnMixedText()
    {
        var ours = HuggingFaceTokenizer.Load(Gpt2Fixture.TokenizerJsonPath);
        var reference = TiktokenTokenizer.CreateForModel("gpt2");
        string text = "The quick brown fox's 12345 jumps!\n\n\tTabs  and   spaces... " +
                      "naïve café 日本語のテキスト 🤖🎉 emoji, " +
                      "I'll we've they're <html>x=1;</html>\r\n";
        for (int i = 0; i < 3; i++, text += text.ToUpperInvariant())
        {
            Assert.Equal(reference.EncodeToIds(text).ToArray(), ours.Encode(text));
            Assert.Equal(text, ours.Decode(ours.Encode(text)));
        }
        Assert.Equal(50257, ours.VocabSize);
        Assert.Equal(50256, ours.EosId);
    }

    [Fact]
    public void SpecialMarkupIsOnlyInterpretedWhenAsked()
    {
        var ours = HuggingFaceTokenizer.Load(Gpt2Fixture.TokenizerJsonPath);
        Assert.Equal(new[] { 15496, 50256 }, ours.EncodeWithSpecialTokens("Hello<|endoftext|>"));
        Assert.True(ours.Encode("Hello<|endoftext|>").Length > 2);
        Assert.Equal("Hello", ours.Decode(new[] { 15496, 50256 }));
        Assert.Equal("Hello<|endoftext|>", ours.Decode(new[] { 15496, 50256 }, skipSpecialTokens: false));
    }
}
