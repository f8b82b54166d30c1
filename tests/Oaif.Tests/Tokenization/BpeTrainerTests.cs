using System.Diagnostics;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using Xunit.Abstractions;

namespace Oaif.Tests.Tokenization;

public class BpeTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void TrainedTokenizerJsonRoundTripsOneMegabyteExactly()
    {
        string corpus = MixedText.Generate(1_000_000, seed: 7);
        var clock = Stopwatch.StartNew();
        var trained = BpeTrainer.Train(new[] { corpus }, new BpeTrainerOptions { VocabSize = 4096 });
        double trainSeconds = clock.Elapsed.TotalSeconds;

        string path = Path.Combine(TestPaths.NewTempDir("bpe"), "tokenizer.json");
        trained.Save(path);
        var tokenizer = HuggingFaceTokenizer.Load(path);
        clock.Restart();
        var ids = tokenizer.Encode(corpus);
        double encodeSeconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(corpus, tokenizer.Decode(ids));
        Assert.True(ids.Length < corpus.Length / 2, $"{ids.Length} tokens: merges barely compress");
        Assert.Equal(trained.VocabSize, tokenizer.VocabSize);
        Assert.True(tokenizer.VocabSize <= 4096);
        output.WriteLine($"train {trainSeconds:F2}s encode {encodeSeconds:F2}s merges {trained.MergeCount} " +
                         $"tokens {ids.Length} for {corpus.Length} chars");
    }

    [Fact]
    public void SpecialTokensGetFirstIdsAndConfigNamesThem()
    {
        var trained = BpeTrainer.Train(new[] { MixedText.Generate(20_000, seed: 1) },
            new BpeTrainerOptions { VocabSize = 400, ExtraSpecialTokens = new[] { "<|user|>" } });
        var tokenizer = trained.Save(Path.Combine(TestPaths.NewTempDir("bpe"), "tokenizer.json"));
        Assert.Equal((0, 1, 2), (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId));
        Assert.Equal(3, tokenizer.TokenToId("<|user|>"));
        Assert.Equal(new[] { 0, 3 }, tokenizer.EncodeWithSpecialTokens("<|user|>", addBos: true));
        var marked = tokenizer.EncodeWithSpecialTokens("<|bos|>hi there<|eos|>");
        Assert.Equal("hi there", tokenizer.Decode(marked));
    }

    [Fact]
    public void SameCorpusGivesSameVocabulary()
    {
        string corpus = MixedText.Generate(30_000, seed: 3);
        var options = new BpeTrainerOptions { VocabSize = 600 };
        var dir = TestPaths.NewTempDir("bpe");
        BpeTrainer.Train(new[] { corpus }, options).Save(Path.Combine(dir, "a", "tokenizer.json"));
        BpeTrainer.Train(new[] { corpus }, options).Save(Path.Combine(dir, "b", "tokenizer.json"));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "a", "tokenizer.json")),
            File.ReadAllText(Path.Combine(dir, "b", "tokenizer.json")));
    }

    [Fact]
    public void TooSmallVocabularyIsRejectedByName()
    {
        var e = Assert.Throws<OaifException>(() =>
            BpeTrainer.Train(new[] { "abc" }, new BpeTrainerOptions { VocabSize = 100 }));
        Assert.Contains("VocabSize", e.Message);
    }
}
