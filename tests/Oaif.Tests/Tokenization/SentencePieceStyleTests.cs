using Oaif.Tests.Support;
using Oaif.Tokenization;

namespace Oaif.Tests.Tokenization;

/// <summary>Llama-2 / Mistral style tokenizer.json: '▁' for spaces, byte fallback, no byte-level.</summary>
public class SentencePieceStyleTests
{
    const string Legacy =
        "\"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [" +
        "{\"type\": \"Prepend\", \"prepend\": \"▁\"}, " +
        "{\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": \"▁\"}]}, " +
        "\"pre_tokenizer\": null";

    const string Metaspace =
        "\"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Metaspace\", \"replacement\": \"▁\", " +
        "\"prepend_scheme\": \"first\", \"split\": false}";

    // Ids: <unk> 0, <s> 1, </s> 2, <0x00>..<0xFF> 3..258, ▁ 259, h 260, i 261, ▁h 262, ▁hi 263.
    static string Write(string pipeline, string modelType = "BPE")
    {
        var vocab = new List<string> { "\"<unk>\": 0", "\"<s>\": 1", "\"</s>\": 2" };
        for (int b = 0; b < 256; b++) vocab.Add($"\"<0x{b:X2}>\": {b + 3}");
        vocab.AddRange(["\"▁\": 259", "\"h\": 260", "\"i\": 261", "\"▁h\": 262", "\"▁hi\": 263"]);
        string json = "{\"added_tokens\": [{\"id\": 1, \"content\": \"<s>\", \"special\": true}, " +
                      "{\"id\": 2, \"content\": \"</s>\", \"special\": true}], " + pipeline + ", " +
                      "\"decoder\": {\"type\": \"Sequence\", \"decoders\": [{\"type\": \"Replace\"}, " +
                      "{\"type\": \"ByteFallback\"}, {\"type\": \"Fuse\"}, {\"type\": \"Strip\"}]}, " +
                      $"\"model\": {{\"type\": \"{modelType}\", \"unk_token\": \"<unk>\", " +
                      "\"byte_fallback\": true, \"vocab\": {" + string.Join(", ", vocab) + "}, " +
                      "\"merges\": [\"▁ h\", [\"▁h\", \"i\"]]}}";
        string path = Path.Combine(TestPaths.NewTempDir("sp"), "tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Metaspace)]
    public void EncodesWithMetaspaceAndByteFallback(string pipeline)
    {
        var tokenizer = HuggingFaceTokenizer.Load(Write(pipeline));
        Assert.False(tokenizer.IsByteLevel);
        Assert.Equal(new[] { 263, 263 }, tokenizer.Encode("hi hi"));
        Assert.Equal(new[] { 1, 263, 259, 0xC3 + 3, 0xA9 + 3 }, tokenizer.Encode("hi é", addBos: true));
        Assert.Equal("hi é", tokenizer.Decode(tokenizer.Encode("hi é", addBos: true)));
        Assert.Equal((1, 2), (tokenizer.BosId, tokenizer.EosId));
        Assert.Equal(new[] { 263, 2 }, tokenizer.EncodeWithSpecialTokens("hi</s>"));
    }

    [Theory]
    [InlineData("WordPiece", "model.type 'WordPiece'")]
    public void UnsupportedModelIsNamed(string modelType, string expected)
    {
        string path = Write(Legacy, modelType);
        var e = Assert.Throws<OaifException>(() => HuggingFaceTokenizer.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("\"normalizer\": {\"type\": \"BertNormalizer\"}, \"pre_tokenizer\": null",
        "normalizer type 'BertNormalizer'")]
    [InlineData("\"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Whitespace\"}",
        "pre_tokenizer type 'Whitespace'")]
    [InlineData("\"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Split\", " +
                "\"pattern\": {\"Regex\": \"a\"}, \"behavior\": \"MergedWithNext\"}",
        "Split.behavior 'MergedWithNext'")]
    public void UnsupportedPipelineIsNamed(string pipeline, string expected)
    {
        string path = Write(pipeline);
        var e = Assert.Throws<OaifException>(() => HuggingFaceTokenizer.Load(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void BrokenJsonAndMissingFileAreOaifExceptions()
    {
        string path = Path.Combine(TestPaths.NewTempDir("sp"), "tokenizer.json");
        Assert.Throws<OaifException>(() => HuggingFaceTokenizer.Load(path));
        File.WriteAllText(path, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [");
        string LoadError() => Assert.Throws<OaifException>(() => HuggingFaceTokenizer.Load(path)).Message;
        Assert.Contains("not valid JSON", LoadError());
        File.WriteAllText(path, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"x\"}, " +
            "\"merges\": []}}");
        Assert.Contains("model.vocab", LoadError());
    }
}
