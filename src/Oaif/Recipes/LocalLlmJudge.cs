using Oaif.Annotators;
using Oaif.Model;
using Oaif.Serving;
using Oaif.Tokenization;

namespace Oaif.Recipes;

/// <summary>
/// A local model served in-process through <see cref="OpenAiCompatibleServer"/> on 127.0.0.1 (a port
/// the system picks) and judged through the ordinary OpenAI-compatible LLM judge, exactly as
/// <c>oaif serve</c> + <c>--judge openai</c> would be. The model is its own copy, so a policy trained
/// meanwhile does not change the judge.
/// </summary>
/// <remarks>
/// In the HH recipe the served model is the tiny from-scratch SFT model. It was never taught to answer
/// "A" or "B", so most answers are not a label and count as Invalid: this exercises the plumbing, it is
/// not a judge worth trusting. The judge's counters say how many verdicts were usable.
/// </remarks>
public sealed class LocalLlmJudge : IAsyncDisposable
{
    readonly LlamaForCausalLM _model;
    readonly OpenAiCompatibleServer _server;
    readonly RecipeLlmJudgeOptions _options;
    readonly string _modelId;

    LocalLlmJudge(LlamaForCausalLM model, OpenAiCompatibleServer server, RecipeLlmJudgeOptions options,
        string modelId)
    {
        (_model, _server, _options, _modelId) = (model, server, options, modelId);
    }

    /// <summary>The server's API root, e.g. http://127.0.0.1:40123/v1/.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Loads <paramref name="modelDir"/> (with its tokenizer.json) and starts serving it.</summary>
    public static async Task<LocalLlmJudge> StartAsync(string modelDir, string modelId,
        RecipeLlmJudgeOptions options, CancellationToken ct = default)
    {
        var tokenizer = RecipeFiles.LoadTokenizer(modelDir);
        var model = ModelLoader.Load(modelDir);
        try
        {
            // The recipe's tokenizer has no chat template, so the plain "User: ...\nAssistant:" format.
            var plain = new ChatFormatter(ChatFamily.Plain);
            var backend = new LocalModelChatBackend(modelId, model, tokenizer, plain);
            var server = await OpenAiCompatibleServer.StartAsync(backend, new ServerOptions(Port: 0),
                cancellationToken: ct);
            return new LocalLlmJudge(model, server, options, modelId);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A judge pipeline against the server. Training asks in both orders when the options say so; an
    /// evaluation passes <paramref name="bothOrders"/> false because the evaluator adds the second order.
    /// </summary>
    public JudgeSession CreateSession(bool bothOrders) => JudgeFactory.CreateOpenAICompatible(new JudgeOptions
    {
        Endpoint = new JudgeEndpointOptions
        {
            Endpoint = _server.BaseAddress, Model = _modelId, MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1),
        },
        Judge = new LlmJudgeOptions
        {
            Template = JudgeTemplate.Load(_options.Template), MaxOutputTokens = _options.MaxOutputTokens,
        },
        BothOrders = bothOrders,
        MaxConcurrency = _options.MaxConcurrency,
    });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _model.Dispose();
    }
}
