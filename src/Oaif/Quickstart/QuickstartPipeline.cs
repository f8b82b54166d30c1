using System.Diagnostics;
using Oaif.Annotators;
using Oaif.Losses;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Quickstart;

/// <summary>One trained arm of the quickstart: its name, run directory and final model.</summary>
public sealed record QuickstartArm(string Name, string Description, string RunDir, LlamaForCausalLM Model);

/// <summary>
/// <c>oaif quickstart</c>: makes the task, trains a tokenizer and a small Llama from scratch (SFT), then
/// aligns copies of it three ways with the same number of annotations and updates — offline DPO on
/// pairs sampled once from the SFT model, online DPO (OAIF) with the default instruction, and OAIF with
/// the "short" instruction — and evaluates each against SFT. Each stage writes its own sub-directory.
/// </summary>
public sealed class QuickstartPipeline(QuickstartOptions options, string outDir, IStageRunner console)
{
    readonly Stopwatch _clock = new();

    /// <summary>Wall-clock seconds per stage, in order.</summary>
    public List<(string Stage, double Seconds)> StageSeconds { get; } = new();

    public async Task<QuickstartSummary> RunAsync(CancellationToken ct = default)
    {
        options.Validate();
        Directory.CreateDirectory(outDir);
        var total = Stopwatch.StartNew();

        // data and tokenizer
        _clock.Restart();
        var data = QuickstartData.Create(options, outDir);
        Done("data", $"sft={data.Sft.Count} preference={data.Preference.Count} eval={data.Eval.Count} " +
                     $"vocab={data.Tokenizer.VocabSize}");

        // supervised fine-tuning from scratch: the starting policy and the reference of every arm
        var sft = TrainSft(data, ct);

        // the three arms, each from a fresh copy of the SFT model
        var arms = new List<QuickstartArm>
        {
            await TrainOfflineAsync(sft, data, ct),
            await TrainOnlineAsync("online", "OAIF, default instruction", options.HelpfulInstruction, sft,
                data, ct),
            await TrainOnlineAsync("online-short", "OAIF, \"short\" instruction", options.ShortInstruction,
                sft,
                data, ct),
        };

        // evaluation against SFT, then the report
        _clock.Restart();
        var evaluation = new QuickstartEvaluation(options, data, sft, console);
        var results = new List<ArmResult>();
        foreach (var arm in arms) results.Add(await evaluation.EvaluateAsync(arm, ct));
        Done("evaluate", $"arms={arms.Count} prompts={data.Eval.Count}");
        var summary = new QuickstartSummary(options, evaluation.SftStats, results, StageSeconds.ToList(),
            total.Elapsed.TotalSeconds);
        QuickstartReport.Write(summary, outDir);
        foreach (var arm in arms)
        {
            TokenizerFiles.CopyIntoCheckpoints(Path.Combine(outDir, "tokenizer.json"), arm.RunDir);
            arm.Model.Dispose();
        }
        sft.Dispose();
        return summary;
    }

    LlamaForCausalLM TrainSft(QuickstartData data, CancellationToken ct)
    {
        _clock.Restart();
        var model = new LlamaForCausalLM(options.ModelConfig(data.Tokenizer));
        using (var generator = new Generator((ulong)options.Seed))
            model.InitializeWeights(generator: generator);
        var examples = data.Sft.Select(data.SftExample).ToList();
        string runDir = Path.Combine(outDir, "sft");
        console.Run("SFT", hooks => SftTrainer.Train(model, examples, options.SftConfig(), runDir,
            hooks: hooks,
            ct: ct));
        model.Save(Path.Combine(runDir, "model"));
        File.Copy(Path.Combine(outDir, "tokenizer.json"), Path.Combine(runDir, "model", "tokenizer.json"),
            true);
        TokenizerFiles.CopyIntoCheckpoints(Path.Combine(outDir, "tokenizer.json"), runDir);
        Done("sft", $"params={model.parameters().Sum(p => p.numel())} examples={examples.Count}");
        return model;
    }

    async Task<QuickstartArm> TrainOfflineAsync(LlamaForCausalLM sft, QuickstartData data,
        CancellationToken ct)
    {
        _clock.Restart();
        string runDir = Path.Combine(outDir, "offline");
        Directory.CreateDirectory(runDir);
        var config = options.PreferenceConfig();

        // sample once from SFT and label: as many annotations as an online arm makes
        int annotations = options.PreferenceSteps * options.PromptsPerStep;
        var prompts = data.Preference.Take(annotations).Select(e => e.Prompt).ToList();
        var judge = new BothOrdersAnnotator(new FactSummaryJudge(options.HelpfulInstruction));
        var pairs = await OfflinePreferenceSet.BuildAsync(sft, data.Tokenizer, prompts, judge, config.Online,
            options.Seed, Path.Combine(runDir, "offline_pairs.jsonl"), ct);
        console.Line($"offline set annotations={prompts.Count} pairs={pairs.Count}");
        if (pairs.Count < config.Trainer.BatchSize)
            throw new OaifException($"quickstart: the offline set has {pairs.Count} decided pairs (ties " +
                $"give none), fewer than one update's {config.Trainer.BatchSize}: the SFT model is too " +
                "weak for the judge to tell its answers apart; raise --sft-steps");

        // the same number of updates, each on a batch of pairs from the fixed set
        var policy = (LlamaForCausalLM)sft.Clone();
        console.Run("offline DPO", hooks => OfflineDapTrainer.Train(policy, pairs, config, runDir,
            hooks: hooks,
            ct: ct));
        Done("offline", $"pairs={pairs.Count}");
        return new QuickstartArm("offline", "offline DPO, pairs sampled once from SFT", runDir, policy);
    }

    async Task<QuickstartArm> TrainOnlineAsync(string name, string description, string instruction,
        LlamaForCausalLM sft, QuickstartData data, CancellationToken ct)
    {
        _clock.Restart();
        string runDir = Path.Combine(outDir, name);
        var policy = (LlamaForCausalLM)sft.Clone();
        var prompts = data.Preference.Select(e => e.Prompt).ToList();
        // Both orders cost nothing for this deterministic judge; it keeps the pipeline that of an LLM judge.
        var judge = new BothOrdersAnnotator(new FactSummaryJudge(instruction));
        // The stage runner is synchronous (a progress bar lives exactly as long as its stage), so block here.
        console.Run(name, hooks => OnlineDapTrainer.TrainAsync(policy, data.Tokenizer, prompts, judge,
            options.PreferenceConfig(), runDir, reference: sft, hooks: hooks, ct: ct)
                .GetAwaiter().GetResult());
        await Task.CompletedTask;
        // The same record `oaif train` keeps of what judged a run.
        var judgeSettings = new Dictionary<string, string?>
        {
            ["judge"] = "builtin-fact-summary", ["instruction"] = instruction,
        };
        File.WriteAllText(Path.Combine(runDir, "judge.json"), System.Text.Json.JsonSerializer.Serialize(
            judgeSettings, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Done(name, $"instruction=\"{instruction}\"");
        return new QuickstartArm(name, description, runDir, policy);
    }

    void Done(string stage, string detail)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        StageSeconds.Add((stage, seconds));
        console.Line($"stage={stage} seconds={seconds:F1} {detail}");
    }
}
