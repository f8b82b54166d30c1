using Oaif.Data;
using Oaif.Tokenization;

namespace Oaif.Tests.Data;

public class DatasetLoaderTests
{
    [Fact]
    public void TextPreferenceRows()
    {
        string path = DataFiles.Jsonl("{\"prompt\": \"Q1\", \"chosen\": \"good\", \"rejected\": \"bad\"}",
            "", "{\"prompt\": \"Q2\", \"chosen\": \"yes\", \"rejected\": \"no\"}");
        var data = DatasetLoader.LoadPreferences(path);
        Assert.Equal(DatasetFormat.PreferenceText, data.Report.Format);
        Assert.Equal(new PreferenceExample("Q2", "yes", "no", 3), data.Rows[1]);
    }

    [Fact]
    public void ConversationalPreferenceWithAndWithoutPrompt()
    {
        string withPrompt = DataFiles.Jsonl("{\"prompt\": [{\"role\": \"user\", \"content\": \"Hi\"}], " +
            "\"chosen\": [{\"role\": \"assistant\", \"content\": \"Hello\"}], " +
            "\"rejected\": [{\"role\": \"assistant\", \"content\": \"Go away\"}]}");
        var row = DatasetLoader.LoadPreferences(withPrompt).Rows.Single();
        Assert.Equal(new PreferenceExample("User: Hi\nAssistant:", " Hello\n", " Go away\n", 1), row);

        string implicitPrompt = DataFiles.Jsonl(
            "{\"chosen\": [{\"role\": \"user\", \"content\": \"Hi\"}, " +
            "{\"role\": \"assistant\", \"content\": \"A\"}], " +
            "\"rejected\": [{\"role\": \"user\", \"content\": \"Yo\"}, " +
            "{\"role\": \"assistant\", \"content\": \"B\"}]}");
        var chatMl = new DatasetOptions { Chat = new ChatFormatter(ChatFamily.ChatMl) };
        var data = DatasetLoader.LoadPreferences(implicitPrompt, chatMl);
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", data.Rows[0].Prompt);
        Assert.Equal("A<|im_end|>\n", data.Rows[0].Chosen);
        Assert.Equal(1, data.Report.PrefixMismatches);
    }

    [Fact]
    public void SftFromTextAndMessagesAndPromptsFromEither()
    {
        var text = DatasetLoader.LoadSft(DataFiles.Jsonl("{\"prompt\": \"2+2=\", \"completion\": \"4\"}"));
        Assert.Equal(new SftExample("2+2=", "4", 1), text.Rows[0]);
        string messages = DataFiles.Jsonl("{\"messages\": [{\"role\": \"system\", \"content\": \"S\"}, " +
            "{\"role\": \"user\", \"content\": \"U\"}, {\"role\": \"assistant\", \"content\": \"A\"}]}");
        Assert.Equal(new SftExample("System: S\nUser: U\nAssistant:", " A\n", 1),
            DatasetLoader.LoadSft(messages).Rows[0]);
        Assert.Equal("System: S\nUser: U\nAssistant:", DatasetLoader.LoadPrompts(messages).Rows[0].Prompt);
        Assert.Equal(DatasetKind.Sft, DatasetLoader.Inspect(messages, null, new DatasetOptions()).Kind);
    }

    [Theory]
    [InlineData("{\"prompt\": \"Q\", \"chosen\": \"a\"}", "set.jsonl:1: missing field 'rejected'")]
    [InlineData("{\"prompt\": \"Q\", \"chosen\": 3, \"rejected\": \"b\"}",
        ":1: field 'chosen' must be a string, got Number")]
    [InlineData("{\"chosen\": \"no cue\", \"rejected\": \"x\"}", ":1: transcript has no")]
    [InlineData("[1, 2]", ":1: row is not a JSON object")]
    [InlineData("{\"prompt\": ", ":1: invalid JSON")]
    public void BadRowStopsTheLoadWithFileAndLine(string line, string expected)
    {
        string path = DataFiles.Jsonl(line);
        var error = Assert.Throws<OaifException>(() => DatasetLoader.LoadPreferences(path));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void PromptFileMixingTextAndMessagesNamesTheLineAndTheFix()
    {
        const string text = "{\"prompt\": \"Q\"}";
        const string chat = "{\"messages\": [{\"role\": \"user\", \"content\": \"U\"}]}";
        var textFirst = Assert.Throws<OaifException>(() =>
            DatasetLoader.LoadPrompts(DataFiles.Jsonl(text, chat)));
        Assert.EndsWith(":2: has 'messages' but the file's first row has a text 'prompt'; " +
                        "use the same field in every row", textFirst.Message);
        var chatFirst = Assert.Throws<OaifException>(() =>
            DatasetLoader.LoadPrompts(DataFiles.Jsonl(chat, text)));
        Assert.EndsWith(":2: has a text 'prompt' but the file's first row has 'messages'; " +
                        "use the same field in every row", chatFirst.Message);
    }

    [Fact]
    public void AnEmptyTextPromptIsABadRow()
    {
        var error = Assert.Throws<OaifException>(() =>
            DatasetLoader.LoadPrompts(DataFiles.Jsonl("{\"prompt\": \"Q\"}", "{\"prompt\": \"  \"}")));
        Assert.EndsWith(":2: field 'prompt' is empty", error.Message);
    }

    [Fact]
    public void SkipBadRowsCountsReasons()
    {
        string path = DataFiles.Jsonl("{\"prompt\": \"Q\", \"chosen\": \"a\", \"rejected\": \"b\"}",
            "{\"prompt\": \"Q\", \"chosen\": \"a\"}", "not json", "{\"prompt\": \"Q\", \"chosen\": \"a\"}");
        var report = DatasetLoader.LoadPreferences(path, new DatasetOptions { SkipBadRows = true }).Report;
        Assert.Equal((4, 1, 3), (report.RowsRead, report.RowsUsed, report.RowsSkipped));
        Assert.Equal(2, report.SkipReasons["missing field 'rejected'"]);
        Assert.Equal(1, report.SkipReasons["invalid JSON"]);
    }

    [Fact]
    public void EmptyFileIsAClearError()
    {
        string path = DataFiles.Jsonl("");
        var error = Assert.Throws<OaifException>(() => DatasetLoader.LoadPrompts(path));
        Assert.Contains("has no rows", error.Message);
    }

    [Fact]
    public void GzipJsonlLoadsLikePlain()
    {
        var gzipped = DataFiles.Gzip("{\"prompt\": \"a\"}\n{\"prompt\": \"b\"}\n");
        string path = DataFiles.WriteBytes(".jsonl.gz", gzipped);
        Assert.Equal(new[] { "a", "b" }, DatasetLoader.LoadPrompts(path).Rows.Select(r => r.Prompt));
    }

    [Fact]
    public void TruncationPolicyKeepsPromptEndAndCountsCutRows()
    {
        var tokenizer = new CharTokenizer();
        string path = DataFiles.Jsonl("{\"prompt\": \"abcdef\", \"chosen\": \"xy\", \"rejected\": \"z\"}",
            "{\"prompt\": \"ab\", \"chosen\": \"x\", \"rejected\": \"z\"}");
        var options = new DatasetOptions
        {
            Tokenizer = tokenizer,
            Truncation = new TruncationPolicy { MaxPromptTokens = 4, MaxSequenceTokens = 5 },
        };
        var report = DatasetLoader.LoadPreferences(path, options).Report;
        Assert.Equal(1, report.RowsTruncated);
        var (prompt, response, cut) =
            options.Truncation.Fit(tokenizer.Encode("abcdef"), tokenizer.Encode("xy"));
        Assert.Equal(("cdef", "x", true), (tokenizer.Decode(prompt), tokenizer.Decode(response), cut));

        var noPromptLimit = options with { Truncation = new TruncationPolicy { MaxSequenceTokens = 6 } };
        var e = Assert.Throws<OaifException>(() => DatasetLoader.LoadPreferences(path, noPromptLimit));
        Assert.Contains(":1: prompt of 6 tokens leaves no room", e.Message);
    }

    /// <summary>One token per UTF-16 char: lengths are easy to count by hand.</summary>
    sealed class CharTokenizer : ITokenizer
    {
        public int VocabSize => 65536;
        public int? BosId => null;
        public int? EosId => null;
        public int? PadId => null;
        public int[] Encode(string text, bool addBos = false) => text.Select(c => (int)c).ToArray();
        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) =>
            new(ids.Select(i => (char)i).ToArray());
    }
}
