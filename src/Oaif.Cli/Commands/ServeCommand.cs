using System.CommandLine;
using Oaif.Model;
using Oaif.Serving;
using static Oaif.Cli.Commands.GenerateCommand;

namespace Oaif.Cli.Commands;

/// <summary>
/// <c>oaif serve</c>: puts a local model behind an OpenAI-compatible chat-completions server, so the
/// LLM judge (or any OpenAI client) can use it. Binds 127.0.0.1 unless --host says otherwise; serves
/// one request at a time; stops on Ctrl+C.
/// </summary>
public static class ServeCommand
{
    /// <param name="output">Where the ready line and request log go; standard output when null.</param>
    /// <param name="ready">Called with the base URL once serving (tests use it to find port 0's
    /// port).</param>
    public static Command Create(TextWriter? output = null, Action<Uri>? ready = null)
    {
        var model = ModelOption();
        var tokenizer = new Option<string?>("--tokenizer")
        {
            Description = "tokenizer.json (or llama2.c tokenizer.bin); default: tokenizer.json in the "
                + "model directory",
        };
        var modelId = new Option<string?>("--model-id")
        {
            Description = "Name clients send as 'model'; default: the model's directory or file name",
        };
        var host = Opt("--host", "Address to bind; keep 127.0.0.1 unless you mean to expose it", "127.0.0.1");
        var port = Opt("--port", "TCP port; 0 picks a free one", 8000);
        var keyEnv = new Option<string?>("--api-key-env")
        {
            Description = "Name of the environment variable holding the bearer key clients must send",
        };
        var maxTokensLimit = Opt("--max-tokens-limit", "Largest max_tokens a request may ask for", 1024);
        var maxBodyBytes = Opt("--max-body-bytes", "Largest request body accepted", 1 << 20);
        var device = DeviceOption();
        var dtype = DTypeOption();

        var command = new Command("serve", "Serve a local model through an OpenAI-compatible HTTP API.");
        Option[] all = [model, tokenizer, modelId, host, port, keyEnv, maxTokensLimit, maxBodyBytes, device,
                        dtype];
        foreach (var option in all) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var writer = output ?? Console.Out;
            var options = new ServerOptions(parse.GetValue(host)!, parse.GetValue(port),
                ApiKey(parse.GetValue(keyEnv)), parse.GetValue(maxBodyBytes), parse.GetValue(maxTokensLimit));
            string modelPath = parse.GetValue(model)!;
            string tokenizerPath = TokenizerFiles.Resolve(modelPath, parse.GetValue(tokenizer));
            var formatter = TokenizerFiles.ChatFormatterFor(tokenizerPath);
            using var lm = LoadModel(parse, model, device, dtype);
            var backend = new LocalModelChatBackend(parse.GetValue(modelId) ?? DefaultId(modelPath), lm,
                TokenizerFiles.Load(tokenizerPath), formatter);
            await using var server = await OpenAiCompatibleServer.StartAsync(backend, options,
                line => { lock (writer) writer.WriteLine(line); }, cancellationToken);
            lock (writer)
                writer.WriteLine($"oaif: serving '{backend.ModelId}' at {server.BaseAddress} " +
                                 $"(chat format {formatter.Family}; Ctrl+C stops)");
            ready?.Invoke(server.BaseAddress);
            await server.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    static string? ApiKey(string? variable)
    {
        if (variable is null) return null;
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(key))
            throw new OaifException($"environment variable {variable} (--api-key-env) is not set or empty");
        return key;
    }

    static string DefaultId(string modelPath)
    {
        string trimmed = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelPath));
        return Directory.Exists(trimmed)
            ? Path.GetFileName(trimmed)
            : Path.GetFileNameWithoutExtension(trimmed);
    }
}
