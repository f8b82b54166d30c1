using System.CommandLine;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Tokenization;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif generate</c>: continues prompts, given as text (encoded by
/// <see cref="PromptEncoding.EncodePrompt"/>, as in training) or as token ids, and prints per prompt
/// the new ids (prompt not included) as one JSON array, or the decoded continuation as text. Text
/// continuations are printed as they are, so one that contains line breaks spans several lines.
/// </summary>
public static class GenerateCommand
{
    /// <param name="output">Where results go; standard output when null (tests pass a writer).</param>
    public static Command Create(TextWriter? output = null)
    {
        var model = ModelOption();
        var prompt = new Option<string[]>("--prompt")
        {
            Description = "Prompt text; repeat for a batch",
            AllowMultipleArgumentsPerToken = false,
        };
        var promptIds = new Option<string[]>("--prompt-ids")
        {
            Description = "Comma-separated prompt token ids, e.g. 1,2,3; repeat for a batch",
            AllowMultipleArgumentsPerToken = false,
        };
        var tokenizer = new Option<string?>("--tokenizer")
        {
            Description = "tokenizer.json or llama2.c tokenizer.bin, for --prompt and --format text; "
                + "default: tokenizer.json in the model directory",
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
        var format = Opt("--format", "ids (JSON array of new ids) or text (decoded continuation)", "ids");
        format.AcceptOnlyFromAmong("ids", "text");

        var command = new Command("generate", "Continue prompts with a model (greedy or sampled).");
        Option[] all = [model, prompt, promptIds, tokenizer, maxNew, temperature, topP, topK, seed, stopIds,
                        device, dtype, format];
        foreach (var option in all) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var texts = parse.GetValue(prompt) ?? [];
            var idLists = parse.GetValue(promptIds) ?? [];
            if ((texts.Length > 0) == (idLists.Length > 0))
                throw new OaifException("generate: give exactly one of --prompt or --prompt-ids");
            bool asText = parse.GetValue(format) == "text";

            // The tokenizer is loaded only when text goes in or comes out.
            var vocabulary = texts.Length > 0 || asText
                ? LoadTokenizer(parse.GetValue(model)!, parse.GetValue(tokenizer))
                : null;
            var prompts = texts.Length > 0
                ? texts.Select(vocabulary!.EncodePrompt).ToList()
                : idLists.Select(p => ParseIds(p, "--prompt-ids")).ToList();
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
            CheckInVocabulary(prompts, lm.Config.VocabSize);
            var results = new TextGenerator(lm).Generate(prompts, options);
            var writer = output ?? Console.Out;
            foreach (var row in results)
                writer.WriteLine(asText ? vocabulary!.Decode(row.TokenIds) : IdsJson(row.TokenIds));
            return 0;
        });
        return command;
    }

    static string IdsJson(int[] ids) => $"[{string.Join(",", ids)}]";

    static ITokenizer LoadTokenizer(string modelPath, string? tokenizerPath) =>
        TokenizerFiles.Load(TokenizerFiles.Resolve(modelPath, tokenizerPath));

    /// <summary>A tokenizer that does not belong to the model can produce ids past its embedding table;
    /// say so instead of failing inside the forward pass.</summary>
    static void CheckInVocabulary(IEnumerable<int[]> prompts, int vocabSize)
    {
        int largest = prompts.SelectMany(p => p).DefaultIfEmpty(0).Max();
        if (largest >= vocabSize)
            throw new OaifException($"generate: prompt token id {largest} is outside the model's " +
                $"vocabulary of {vocabSize}; is the tokenizer the model's?");
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
