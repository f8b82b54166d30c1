using System.CommandLine;
using System.Text.Json;
using Oaif.Cli;
using Oaif.Cli.Commands;
using Oaif.Tests.Support;

namespace Oaif.Tests.Model;

/// <summary>The generate and convert verbs, run in-process through the same runner the CLI uses.</summary>
public class GenerateCommandTests
{
    static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(GenerateCommand.Create(output));
        root.Subcommands.Add(ConvertCommand.Create(output));
        return (CliRunner.Run(root, args), output.ToString());
    }

    [Fact]
    public void GreedyGenerateFromBinPrintsReferenceIds()
    {
        var fixture = new Llama2cFixture("gqa_untied");
        var (exit, output) = Run("generate", "--model", fixture.CheckpointPath, "--prompt-ids", "1",
            "--max-new-tokens", "300", "--temperature", "0", "--format", "ids");
        Assert.Equal(0, exit);
        Assert.Equal(fixture.GreedyIds, JsonSerializer.Deserialize<int[]>(output.Trim()));
    }

    [Fact]
    public void ConvertThenGenerateFromDirectoryPrintsReferenceIds()
    {
        var fixture = new Llama2cFixture("mha_tied");
        var dir = Path.Combine(TestPaths.NewTempDir(), "hf");
        Assert.Equal(0, Run("convert", "--from", fixture.CheckpointPath, "--to", dir).Exit);
        var (exit, output) = Run("generate", "--model", dir, "--prompt-ids", "1",
            "--max-new-tokens", "128", "--temperature", "0");
        Assert.Equal(0, exit);
        Assert.Equal(fixture.GreedyIds, JsonSerializer.Deserialize<int[]>(output.Trim()));
    }

    [Fact]
    public void TruncatedModelExitsWithFailure()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "short.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(TestPaths.Llama2c("mha_tied.bin"))[..1000]);
        var (exit, output) = Run("generate", "--model", path, "--prompt-ids", "1", "--temperature", "0");
        Assert.Equal(CliRunner.Failure, exit);
        Assert.Equal("", output);
    }
}
