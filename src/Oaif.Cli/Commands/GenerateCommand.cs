using System.CommandLine;
using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif generate</c>: continues prompts given as token ids and prints the new ids (prompt not
/// included) as one JSON array per prompt. Text prompts and --format text need a tokenizer and are
/// not wired in yet.
/// </summary>
public static class GenerateCommand
{
    /// <param name="output">Where results go; standard output when null (tests pass a writer).</param>
    public static Command Create(TextWriter? output = null)
    {
        var model = ModelOption();
        var promptIds = new Option<string[]>("--prompt-ids")
        {
            Description = "Comma-separated prompt token ids, e.g. 1,2,3; repeat for a batch",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 128 };
        var temperature = new Option<double>("--temperature") { Description = "0 = greedy", DefaultValueFactory = _ => 1.0 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus mass, 1 = off", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Keep k most likely tokens, 0 = off" };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed for reproducible output" };
        var stopIds = new Option<string?>("--stop-ids") { Description = "Comma-separated stop ids (default: config eos)" };
        var device = DeviceOption();
        var dtype = DTypeOption();
        var format = new Option<string>("--format") { Description = "ids (text needs a tokenizer; not yet)", DefaultValueFactory = _ => "ids" };
        format.AcceptOnlyFromAmong("ids", "text");

        var command = new Command("generate", "Continue token-id prompts with a model (greedy or sampled).");
        foreach (var o in new Option[] { model, promptIds, maxNew, temperature, topP, topK, seed, stopIds, device, dtype, format })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(format) == "text")
                throw new OaifException("--format text needs a tokenizer, which generate does not load yet; use --format ids");
            var prompts = parse.GetValue(promptIds)!.Select(p => ParseIds(p, "--prompt-ids")).ToList();
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxNew),
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                TopK = parse.GetValue(topK),
                Seed = parse.GetValue(seed),
                StopTokenIds = parse.GetValue(stopIds) is { } s ? ParseIds(s, "--stop-ids") : null,
            };
            using var lm = LoadModel(parse, model, device, dtype);
            var results = new TextGenerator(lm).Generate(prompts, options);
            var writer = output ?? Console.Out;
            foreach (var row in results) writer.WriteLine($"[{string.Join(",", row.TokenIds)}]");
            return 0;
        });
        return command;
    }

    internal static Option<string> ModelOption() => new("--model")
    {
        Description = "llama2.c .bin checkpoint or Hugging Face model directory",
        Required = true,
    };

    internal static Option<string> DeviceOption() => new("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };

    internal static Option<string> DTypeOption() => new("--dtype") { Description = "float32 or bfloat16", DefaultValueFactory = _ => "float32" };

    internal static LlamaForCausalLM LoadModel(ParseResult parse, Option<string> model, Option<string> device,
                                               Option<string> dtype) =>
        ModelLoader.Load(parse.GetValue(model)!, ModelLoader.ParseDevice(parse.GetValue(device)!),
            ModelLoader.ParseDType(parse.GetValue(dtype)!));

    internal static int[] ParseIds(string text, string flag)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ids = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out ids[i]) || ids[i] < 0)
                throw new OaifException($"{flag}: '{parts[i]}' is not a token id (non-negative integer)");
        return ids;
    }
}
