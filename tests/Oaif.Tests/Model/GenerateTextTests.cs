using System.CommandLine;
using System.Text.Json;
using Oaif.Cli;
using Oaif.Cli.Commands;
using Oaif.Tests.Serving;
using Oaif.Tests.Support;
using Oaif.Tokenization;

namespace Oaif.Tests.Model;

/// <summary>The generate verb with text prompts and text output, on a tiny model directory whose
/// tokenizer.json sits beside the weights.</summary>
public class GenerateTextTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    const string Prompt = "The cat sat on the";

    readonly Lazy<string> _modelDir = new(() =>
    {
        string dir = Path.Combine(TestPaths.NewTempDir("generate-text"), "tiny-model");
        using var model = tiny.Random();
        model.Save(dir);
        File.Copy(tiny.TokenizerPath, Path.Combine(dir, "tokenizer.json"));
        return dir;
    });

    string ModelDir => _modelDir.Value;

    static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand("test") { GenerateCommand.Create(output) };
        return (CliRunner.Run(root, args), output.ToString());
    }

    static OaifException Refused(params string[] args)
    {
        var root = new RootCommand("test") { GenerateCommand.Create(new StringWriter()) };
        return Assert.Throws<OaifException>(() => root.Parse(args)
            .Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    int[] GreedyIds(params string[] promptArgs)
    {
        string[] args = ["generate", "--model", ModelDir, .. promptArgs, "--max-new-tokens", "12",
                         "--temperature", "0"];
        var (exit, output) = Run(args);
        Assert.Equal(0, exit);
        return JsonSerializer.Deserialize<int[]>(output.Trim())!;
    }

    [Fact]
    public void TextPromptIsEncodedLikeEveryOtherPrompt()
    {
        // The tokenizer has a BOS, so the prompt convention puts it in front of the text's ids.
        var expectedPrompt = tiny.Tokenizer.EncodePrompt(Prompt);
        Assert.Equal(tiny.Tokenizer.BosId, expectedPrompt[0]);
        var fromIds = GreedyIds("--prompt-ids", string.Join(",", expectedPrompt));
        Assert.Equal(fromIds, GreedyIds("--prompt", Prompt));
        Assert.NotEqual(fromIds, GreedyIds("--prompt-ids", string.Join(",", tiny.Tokenizer.Encode(Prompt))));
    }

    [Fact]
    public void TextFormatPrintsTheDecodedContinuation()
    {
        var ids = GreedyIds("--prompt", Prompt);
        var (exit, output) = Run("generate", "--model", ModelDir, "--prompt", Prompt,
            "--max-new-tokens", "12", "--temperature", "0", "--format", "text",
            "--tokenizer", Path.Combine(ModelDir, "tokenizer.json"));
        Assert.Equal(0, exit);
        Assert.Equal(tiny.Tokenizer.Decode(ids) + Environment.NewLine, output);
    }

    [Fact]
    public void ExactlyOnePromptOptionIsRequired()
    {
        Assert.Contains("exactly one of --prompt or --prompt-ids",
            Refused("generate", "--model", ModelDir).Message);
        Assert.Contains("exactly one of --prompt or --prompt-ids",
            Refused("generate", "--model", ModelDir, "--prompt", "hi", "--prompt-ids", "1").Message);
    }

    [Fact]
    public void TextPromptForABinCheckpointNeedsATokenizer()
    {
        var error = Refused("generate", "--model", TestPaths.Llama2c("mha_tied.bin"), "--prompt", "hi");
        Assert.Contains("pass --tokenizer", error.Message);
    }

    [Fact]
    public void IdsPastTheModelVocabularyAreAClearError()
    {
        int pastTheEnd = tiny.Config.VocabSize;
        var error = Refused("generate", "--model", ModelDir, "--prompt-ids", $"1,{pastTheEnd}");
        Assert.Contains($"prompt token id {pastTheEnd} is outside the model's vocabulary", error.Message);
    }
}
