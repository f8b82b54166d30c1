using System.CommandLine;
using Oaif.Cli.Infrastructure;
using Oaif.Quickstart;
using Oaif.Training;
using Spectre.Console;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif quickstart</c>: the whole OAIF pipeline on a task the project generates itself — SFT from
/// scratch, offline DPO, online DPO (OAIF) and length control, evaluated against SFT.
/// </summary>
public static class QuickstartCommand
{
    /// <param name="output">Where to write instead of the terminal (tests); null for the terminal with
    /// progress bars.</param>
    public static Command Create(TextWriter? output = null)
    {
        var outDir = new Option<string>("--out")
        {
            Description = "Run directory (report.md, summary.json, plots, checkpoints).",
            DefaultValueFactory = _ => Path.Combine("runs", "quickstart"),
        };
        var smoke = new Option<bool>("--smoke") { Description = "Tiny budgets: the same stages in seconds." };
        var loss = new Option<string?>("--loss")
        {
            Description = "Preference loss: dpo (default), ipo or slic.",
        };
        var steps = new Option<int?>("--steps") { Description = "Updates per preference arm (default 100)." };
        var perStep = new Option<int?>("--prompts-per-step")
        {
            Description = "Prompts per update (default 32).",
        };
        var learningRate = new Option<double?>("--lr")
        {
            Description = "Learning rate of the preference arms (default 3e-4).",
        };
        var sftSteps = new Option<int?>("--sft-steps") { Description = "SFT steps (default 800)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of everything (default 1234)." };
        var threads = new Option<int?>("--threads") { Description = "Torch CPU threads (default: torch's)." };
        var quiet = CommonOptions.Quiet();
        var command = new Command("quickstart",
            "Run SFT, offline DPO, online DPO (OAIF) and length control on a generated summarisation task.");
        var allOptions = new Option[]
        {
            outDir, smoke, loss, steps, perStep, learningRate, sftSteps, seed, threads, quiet,
        };
        foreach (var option in allOptions)
            command.Options.Add(option);
        command.SetAction((parse, ct) =>
        {
            var options = parse.GetValue(smoke) ? QuickstartOptions.Smoke : new QuickstartOptions();
            options = options with
            {
                Loss = parse.GetValue(loss) ?? options.Loss,
                PreferenceSteps = parse.GetValue(steps) ?? options.PreferenceSteps,
                PromptsPerStep = parse.GetValue(perStep) ?? options.PromptsPerStep,
                PreferenceLearningRate = parse.GetValue(learningRate) ?? options.PreferenceLearningRate,
                SftSteps = parse.GetValue(sftSteps) ?? options.SftSteps,
                Seed = parse.GetValue(seed) ?? options.Seed,
            };
            options = options with
            {
                PreferencePrompts = Math.Max(options.PreferencePrompts,
                    options.PreferenceSteps * options.PromptsPerStep),
            };
            if (parse.GetValue(threads) is int n) TorchSharp.torch.set_num_threads(n);
            string dir = Path.GetFullPath(parse.GetValue(outDir)!);
            IStageRunner stages = output is null ? new ConsoleStageRunner(parse.GetValue(quiet))
                : new PlainStageRunner(output);
            return Run(new QuickstartPipeline(options, dir, stages), dir, output ?? Console.Out, ct);
        });
        return command;
    }

    static async Task<int> Run(QuickstartPipeline pipeline, string dir, TextWriter output,
        CancellationToken ct)
    {
        var summary = await pipeline.RunAsync(ct);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Piped output has no terminal width; Spectre would assume 80 columns and wrap the table.
        if (Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out)) console.Profile.Width = 160;
        var table = new Table().Title("[bold]oaif quickstart: each model against SFT[/]");
        foreach (var column in QuickstartReport.Columns) table.AddColumn(column);
        foreach (var row in QuickstartReport.Rows(summary)) table.AddRow(row.Select(Markup.Escape).ToArray());
        console.Write(table);
        output.WriteLine($"online_beats_offline={summary.OnlineBeatsOffline} " +
                          $"length_cut={summary.LengthCut:F3} " +
                          $"short_instruction_steers_length={summary.ShortInstructionSteersLength} " +
                          $"total_seconds={summary.TotalSeconds:F0}");
        output.WriteLine($"report: {Path.Combine(dir, QuickstartReport.MarkdownFile)}");
        return 0;
    }
}
