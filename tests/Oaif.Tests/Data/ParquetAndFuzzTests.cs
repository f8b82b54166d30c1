using System.Text;
using Oaif.Data;
using Parquet.Serialization;

namespace Oaif.Tests.Data;

public class ParquetAndFuzzTests
{
    public sealed class Message { public string? role { get; set; } public string? content { get; set; } }
    public sealed class TextRow
    {
        public string? prompt { get; set; }
        public string? chosen { get; set; }
        public string? rejected { get; set; }
    }

    public sealed class ChatRow { public List<Message>? messages { get; set; } }

    public sealed class NumberRow
    {
        public string? prompt { get; set; }
        public int chosen { get; set; }
        public string? rejected { get; set; }
    }

    static TextRow OnePair() => new() { prompt = "Q", chosen = "a", rejected = "b" };

    static string Parquet<T>(IEnumerable<T> rows)
    {
        string path = DataFiles.WriteBytes(".parquet", Array.Empty<byte>());
        using (var stream = File.Create(path))
            ParquetSerializer.SerializeAsync(rows, stream).GetAwaiter().GetResult();
        return path;
    }

    [Fact]
    public void ParquetTextAndMessageRows()
    {
        var text = DatasetLoader.LoadPreferences(Parquet(new[] { OnePair() }));
        Assert.Equal(new PreferenceExample("Q", "a", "b", 1), text.Rows[0]);
        var chat = Parquet(new[] { new ChatRow { messages = new() {
            new() { role = "user", content = "U" }, new() { role = "assistant", content = "A" } } } });
        Assert.Equal(new SftExample("User: U\nAssistant:", " A\n", 1), DatasetLoader.LoadSft(chat).Rows[0]);
    }

    [Fact]
    public void ParquetWrongTypeNamesRowAndField()
    {
        string path = Parquet(new[] { new NumberRow { prompt = "Q", chosen = 1, rejected = "b" } });
        var e = Assert.Throws<OaifException>(() => DatasetLoader.LoadPreferences(path));
        Assert.Contains(":1: field 'chosen' must be a string", e.Message);
    }

    [Fact]
    public void SplitsAreStableAndIndependentOfOrder()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => $"prompt {i}").ToList();
        var (train, eval) = DatasetSplit.TrainEval(rows, r => r, 0.1, seed: 42);
        var (train2, eval2) = DatasetSplit.TrainEval(Enumerable.Reverse(rows), r => r, 0.1, seed: 42);
        Assert.Equal(eval.Order(), eval2.Order());
        Assert.Equal(1000, train.Count + eval.Count);
        Assert.InRange(eval.Count, 70, 130);
        Assert.NotEqual(eval, DatasetSplit.TrainEval(rows, r => r, 0.1, seed: 43).Eval);
        Assert.Equal(DatasetSplit.Shuffle(rows, r => r, 7),
            DatasetSplit.Shuffle(Enumerable.Reverse(rows), r => r, 7));
        Assert.NotEqual(rows, DatasetSplit.Shuffle(rows, r => r, 7));
    }

    /// <summary>Damaged inputs of every kind, fed to every loader, with and without skipping: the only
    /// acceptable outcomes are a result or an OaifException.</summary>
    [Fact]
    public void DamagedFilesEndInOaifExceptionOrCountedSkip()
    {
        var random = new Random(11);
        string good =
            "{\"prompt\": \"Q\", \"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: b\", \"rejected\": \"x\"}\n" +
            "{\"messages\": [{\"role\": \"user\", \"content\": \"U\"}, " +
            "{\"role\": \"assistant\", \"content\": \"A\"}]}\n";
        var gz = DataFiles.Gzip(good + good);
        var parquet = File.ReadAllBytes(Parquet(new[] { OnePair() }));
        var cases = new List<(string Ext, byte[] Bytes)>
        {
            (".jsonl", Encoding.UTF8.GetBytes(good[..(good.Length / 2)])),
            (".jsonl", RandomBytes(random, 3000)),
            (".jsonl", Encoding.UTF8.GetBytes("{\"prompt\": 1}\n{\"prompt\": [1]}\n{\"messages\": \"x\"}\n" +
                "{\"messages\": [{\"role\": 5}]}\n{\"chosen\": [], \"rejected\": {}}\nnull\n")),
            (".jsonl", Encoding.UTF8.GetBytes("{\"prompt\": \"a\", \"prompt\": \"b\", \"chosen\": \"c\"}\n" +
                                              new string('[', 5000) + "\n" +
                "{\"messages\": [{\"role\": \"user\", \"role\": \"x\", \"content\": \"c\"}]}\n")),
            (".jsonl.gz", gz[..(gz.Length / 2)]),
            (".jsonl.gz", RandomBytes(random, 500)),
            (".parquet", parquet[..(parquet.Length / 2)]),
            (".parquet", RandomBytes(random, 800)),
            (".parquet", Array.Empty<byte>()),
            (".txt", Encoding.UTF8.GetBytes(good)),
        };
        for (int i = 0; i < 20; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(good + good);
            for (int k = 0; k < 5; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            cases.Add((".jsonl", bytes));
        }
        foreach (var (ext, bytes) in cases)
        {
            string path = DataFiles.WriteBytes(ext, bytes);
            foreach (bool skip in new[] { false, true })
            {
                var options = new DatasetOptions { SkipBadRows = skip };
                AssertCleanOutcome(() => DatasetLoader.LoadPreferences(path, options).Report);
                AssertCleanOutcome(() => DatasetLoader.LoadSft(path, options).Report);
                AssertCleanOutcome(() => DatasetLoader.LoadPrompts(path, options).Report);
                AssertCleanOutcome(() => DatasetLoader.Inspect(path, null, options));
            }
        }
    }

    static void AssertCleanOutcome(Func<DatasetReport> load)
    {
        try
        {
            var report = load();
            Assert.Equal(report.RowsRead, report.RowsUsed + report.RowsSkipped);
        }
        catch (OaifException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    static byte[] RandomBytes(Random random, int n)
    {
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }
}
