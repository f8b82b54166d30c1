using System.CommandLine;
using Oaif.Benchmarks;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif bench --out &lt;dir&gt; [--quick]</c>: where the time of an OAIF step goes, against this
/// machine's matmul roof; writes bench.json and bench.md. Subcommands hold single measurements
/// (<c>oaif bench decode</c>).
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var outDir = new Option<string?>("--out") { Description = "Directory for bench.json and bench.md" };
        var quick = new Option<bool>("--quick") { Description = "A subset that takes about two minutes" };
        var threads = new Option<int>("--threads") { Description = "torch intra-op threads (0 = default)" };
        var command = new Command("bench", "Benchmarks: roof, DAP update, sampling, judging, " +
            "pipelined online steps; writes bench.json and bench.md.");
        command.Options.Add(outDir);
        command.Options.Add(quick);
        command.Options.Add(threads);
        command.Subcommands.Add(BenchDecodeCommand.Create());
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(outDir) ?? throw new OaifException("bench: --out <dir> is required");
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            var options = parse.GetValue(quick) ? BenchOptions.Quick : BenchOptions.Full;
            string line = "oaif bench --out " + dir + (options.IsQuick ? " --quick" : "") +
                (parse.GetValue(threads) > 0 ? $" --threads {parse.GetValue(threads)}" : "");
            await BenchRunner.RunAsync(options, dir, line, Console.Out, ct);
            Console.WriteLine(
                $"wrote {Path.Combine(dir, BenchRunner.JsonFile)} and {BenchRunner.MarkdownFile}");
            return 0;
        });
        return command;
    }
}
