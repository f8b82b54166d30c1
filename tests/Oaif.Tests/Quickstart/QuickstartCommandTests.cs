using System.CommandLine;
using System.Text.Json;
using Oaif.Cli;
using Oaif.Cli.Commands;
using Oaif.Model;
using Oaif.Tests.Support;

namespace Oaif.Tests.Quickstart;

/// <summary>
/// The scaled-down quickstart end to end: every artifact the report promises exists and parses.
/// </summary>
public class QuickstartCommandTests
{
    [Fact]
    public void SmokeRunWritesEveryArtifact()
    {
        string dir = TestPaths.NewTempDir("quickstart");
        var output = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(QuickstartCommand.Create(output));
        int exit = CliRunner.Run(root, ["quickstart", "--smoke", "--out", dir]);
        Assert.True(exit == 0, output.ToString());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var arms = summary.RootElement.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(new[] { "offline", "online", "online-short" },
            arms.Select(a => a.GetProperty("name").GetString()));
        foreach (var arm in arms)
        {
            int judged = arm.GetProperty("win").GetInt32() + arm.GetProperty("tie").GetInt32()
                         + arm.GetProperty("loss").GetInt32() + arm.GetProperty("invalid").GetInt32();
            Assert.Equal(16, judged);
            var interval = arm.GetProperty("interval_95").EnumerateArray()
                .Select(x => x.GetDouble()).ToList();
            Assert.InRange(arm.GetProperty("win_rate").GetDouble(), interval[0], interval[1]);
            Assert.Equal(2, arm.GetProperty("win_rate_by_step").GetArrayLength());
            string runDir = Path.Combine(dir, arm.GetProperty("name").GetString()!);
            Assert.Equal(4, File.ReadAllLines(Path.Combine(runDir, "metrics.jsonl"))
                .Count(l => JsonDocument.Parse(l).RootElement.TryGetProperty("step", out _)));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(runDir, "tensorboard"), "*tfevents*"));
            var checkpoint = Directory.GetDirectories(runDir, "checkpoint-*").Order().Last();
            using var model = ModelLoader.Load(Path.Combine(checkpoint, "model"));
            Assert.True(File.Exists(Path.Combine(checkpoint, "model", "tokenizer.json")));
        }
        Assert.True(File.Exists(Path.Combine(dir, "online", "pairs.jsonl")));
        using var judge =
            JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "online-short", "judge.json")));
        Assert.Contains("short", judge.RootElement.GetProperty("instruction").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "offline", "offline_pairs.jsonl")));
        Assert.True(File.Exists(Path.Combine(dir, "sft", "model", "tokenizer.json")));
        Assert.All(Directory.GetDirectories(Path.Combine(dir, "sft"), "checkpoint-*"),
            c => Assert.True(File.Exists(Path.Combine(c, "model", "tokenizer.json"))));
        foreach (var png in new[] { "win_rate_vs_step.png", "response_length.png" })
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' },
                File.ReadAllBytes(Path.Combine(dir, png))[..4]);
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("## Findings", report);
        Assert.Contains("online_beats_offline=", output.ToString());
    }
}
