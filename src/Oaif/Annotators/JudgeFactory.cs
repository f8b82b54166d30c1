using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;
using Oaif.Data;
using Oaif.Model;
using Oaif.Tokenization;
using Oaif.Training;

namespace Oaif.Annotators;

/// <summary>
/// Builds judge pipelines: counting → both orders → budget → concurrency limit → core annotator.
/// The budget sits inside the both-orders wrapper so it counts endpoint calls, and outside the limit so
/// refused calls do not wait for a slot.
/// </summary>
public static class JudgeFactory
{
    /// <summary>
    /// Placeholder key for servers that need none (Ollama, llama.cpp); the SDK demands a value.
    /// </summary>
    const string NoKey = "no-key";

    /// <summary>
    /// The standard LLM judge against an OpenAI-compatible endpoint. Reads the API key from the variable
    /// named in <see cref="JudgeEndpointOptions.ApiKeyEnvironmentVariable"/> now, once; throws
    /// <see cref="OaifException"/> for bad options or an unset variable.
    /// </summary>
    public static JudgeSession CreateOpenAICompatible(
        JudgeOptions options, ILoggerFactory? loggerFactory = null)
    {
        options.Validate();
        var endpoint = options.Endpoint;
        var key = endpoint.ResolveApiKey();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Oaif.Annotators.LlmJudge");
        var stats = new AnnotatorStats();
        var http = JudgeHttp.Create(endpoint, stats, logger);
        var chat = OpenAIChatClient(endpoint, key ?? NoKey, http);
        var core = new LlmJudge(chat, endpoint.Model, options.Judge, stats, logger, new SecretRedactor(key));
        var session = Compose(core, options, stats);
        return session with { Resources = [.. session.Resources, chat, http] };
    }

    /// <summary>
    /// Wraps any core annotator (an LLM judge over your own IChatClient, a rule judge, a delegate) in the
    /// same pipeline, using only the both-orders, concurrency and budget parts of <paramref name="options"/>.
    /// </summary>
    public static JudgeSession Compose(IAnnotator core, JudgeOptions options, AnnotatorStats? stats = null)
    {
        stats ??= new AnnotatorStats();
        var limited = new ConcurrencyLimitAnnotator(core, options.MaxConcurrency);
        IAnnotator annotator = limited;
        BudgetAnnotator? budget = null;
        if (options.MaxRequests is { } max) annotator = budget = new BudgetAnnotator(annotator, max, stats);
        if (options.BothOrders) annotator = new BothOrdersAnnotator(annotator, options.Combine);
        return new JudgeSession(new CountingAnnotator(annotator, stats), stats, budget, [limited]);
    }

    /// <summary>
    /// A judge backed by a reward model directory as <c>oaif train-rm</c> writes it (config.json,
    /// model.safetensors and tokenizer.json). Rows are encoded as in reward-model training; with no
    /// <paramref name="truncation"/> the context is the model's positions and prompts keep their last
    /// three quarters of it. The judge is named "rm:<paramref name="name"/>" (default: the directory's
    /// name). The session owns the loaded model. Use <c>BothOrders = false</c>: the
    /// Bradley–Terry probability is already symmetric, so a second order only doubles the work.
    /// </summary>
    public static JudgeSession CreateRewardModel(string directory, JudgeOptions options,
        TruncationPolicy? truncation = null, string? name = null)
    {
        var tokenizerPath = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(tokenizerPath))
            throw new OaifException($"{directory}: no tokenizer.json beside the reward model");
        var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
        var rm = RewardModel.Load(directory);
        int positions = rm.Config.MaxPositionEmbeddings;
        truncation ??= new TruncationPolicy
        {
            MaxSequenceTokens = positions, MaxPromptTokens = positions * 3 / 4,
        };
        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var judge = new RewardModelJudge(rm, new ExampleEncoder(tokenizer, truncation), name);
        var session = Compose(judge, options);
        return session with { Resources = [.. session.Resources, rm] };
    }

    static IChatClient OpenAIChatClient(JudgeEndpointOptions endpoint, string key, HttpClient http)
    {
        // Retries and timeouts live in our HttpClient; the SDK's own retry would multiply them.
        var worstCase = endpoint.RequestTimeout * (endpoint.MaxRetries + 1)
            + endpoint.MaxRetryDelay * endpoint.MaxRetries + TimeSpan.FromSeconds(10);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = worstCase,
        };
        return new ChatClient(endpoint.Model, new ApiKeyCredential(key), clientOptions).AsIChatClient();
    }
}
