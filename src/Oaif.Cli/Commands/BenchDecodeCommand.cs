using System.CommandLine;
using System.Diagnostics;
using Oaif.Model;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif bench decode</c>: greedy decoding throughput with the KV cache, one line per batch size.
/// Every row starts from BOS and ignores stop ids, so each row produces exactly --tokens tokens.
/// </summary>
public static class BenchDecodeCommand
{
    public static Command Create(TextWriter? output = null)
    {
        var model = GenerateCommand.ModelOption();
        var batches = GenerateCommand.Opt("--batch", "Comma-separated batch sizes", "1,32");
        var tokens = GenerateCommand.Opt("--tokens", "New tokens per row", 256);
        var threads = GenerateCommand.Opt("--threads", "torch intra-op threads (0 = torch default)", 0);
        var repeat = GenerateCommand.Opt("--repeat", "Runs per batch size; the fastest is reported", 3);
        var device = GenerateCommand.DeviceOption();
        var dtype = GenerateCommand.DTypeOption();
        var command = new Command("decode", "Measure greedy decoding tokens/s at several batch sizes.");
        Option[] all = [model, batches, tokens, threads, repeat, device, dtype];
        foreach (var option in all) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var writer = output ?? Console.Out;
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            using var lm = GenerateCommand.LoadModel(parse, model, device, dtype);
            int bos = lm.Config.BosTokenId ?? 1;
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(tokens),
                Temperature = 0,
                StopTokenIds = [],
            };
            var generator = new TextGenerator(lm);
            generator.Generate([[bos]], options with { MaxNewTokens = 8 }); // warm-up
            foreach (int batch in GenerateCommand.ParseIds(parse.GetValue(batches)!, "--batch"))
            {
                var prompts = Enumerable.Repeat(new[] { bos }, batch).ToList();
                // The fastest of several runs: the machine may be shared, and the best run is the least
                // disturbed.
                // CPU time is reported too: on a busy machine it shows what the code costs, wall time what
                // it got.
                double seconds = double.MaxValue, cpuSeconds = double.MaxValue;
                long total = 0;
                var process = Process.GetCurrentProcess();
                for (int run = 0; run < Math.Max(1, parse.GetValue(repeat)); run++)
                {
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var results = generator.Generate(prompts, options);
                    seconds = Math.Min(seconds, clock.Elapsed.TotalSeconds);
                    process.Refresh();
                    cpuSeconds = Math.Min(cpuSeconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
                    total = results.Sum(r => (long)r.TokenIds.Length);
                }
                writer.WriteLine($"batch={batch} tokens_per_row={options.MaxNewTokens} " +
                                 $"seconds={seconds:F3} tokens/s={total / seconds:F0} " +
                                 $"cpu_seconds={cpuSeconds:F3} tokens/cpu_s={total / cpuSeconds:F0} " +
                                 $"threads={TorchSharp.torch.get_num_threads()}");
            }
            return 0;
        });
        return command;
    }
}
