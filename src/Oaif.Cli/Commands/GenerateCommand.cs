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
        var maxNew = Opt("--max-new-tokens", "Tokens to generate per prompt", 128);
        var temperature = Opt("--temperature", "Softmax temperature; 0 = greedy", 1.0);
        var topP = Opt("--top-p", "Nucleus probability mass; 1 = off", 1.0);
        var topK = Opt("--top-k", "Keep the k most likely tokens; 0 = off", 0);
        var seed = new Option<long?>("--seed") { Description = "Sampling seed for reproducible output" };
        var stopIds = new Option<string?>("--stop-ids")
        {
            Description = "Comma-separated stop ids (default: the config's eos_token_id; none for llama2.c)",
        };
        var device = DeviceOption();
        var dtype = DTypeOption();
        var format = Opt("--format", "ids (text needs a tokenizer and is not available yet)", "ids");
        format.AcceptOnlyFromAmong("ids", "text");

        var command = new Command("generate", "Continue token-id prompts with a model (greedy or sampled).");
        Option[] all = [model, promptIds, maxNew, temperature, topP, topK, seed, stopIds, device, dtype,
                        format];
        foreach (var option in all) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (parse.GetValue(format) == "text")
                throw new OaifException(
                    "--format text needs a tokenizer, which generate does not load yet; use --format ids");
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

    internal static Option<string> DeviceOption() => Opt("--device", "cpu or cuda", "cpu");

    internal static Option<string> DTypeOption() => Opt("--dtype", "float32 or bfloat16", "float32");

    /// <summary>An option with a description and a default value.</summary>
    internal static Option<T> Opt<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

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
