using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ChatCompletion = OpenAI.Chat.ChatCompletion;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;
using Polly.Timeout;

namespace Oaif.Annotators;

/// <summary>
/// Asks a chat model which of two responses is better, in one presentation order (wrap it in
/// <see cref="BothOrdersAnnotator"/> to cancel position bias). The model must answer with one label,
/// "A" (first) or "B" (second). P(first) comes from the two labels' log-probabilities when the server
/// returns them (OpenAI-compatible servers, read from the raw ChatCompletion); otherwise it is 1 or 0
/// from the answer text. An answer that is not clearly one label, or a failed request, is Invalid —
/// never a side.
/// </summary>
/// <remarks>
/// HTTP 401, 403 and 404 throw <see cref="OaifException"/>: a wrong key, model or URL fails every request,
/// so stopping early beats a run of Invalid verdicts. Every other failure is an Invalid verdict.
/// </remarks>
public sealed class LlmJudge : IAnnotator
{
    readonly IChatClient _client;
    readonly LlmJudgeOptions _options;
    readonly ILogger _logger;
    readonly SecretRedactor _redactor;

    /// <summary>
    /// A judge over any <see cref="IChatClient"/>; <paramref name="model"/> only names it in <see
    /// cref="Id"/>.
    /// Counts go to <paramref name="stats"/> (a fresh instance when null).
    /// </summary>
    public LlmJudge(IChatClient client, string model, LlmJudgeOptions? options = null,
        AnnotatorStats? stats = null, ILogger? logger = null)
        : this(client, model, options, stats, logger, SecretRedactor.None) { }

    internal LlmJudge(IChatClient client, string model, LlmJudgeOptions? options, AnnotatorStats? stats,
        ILogger? logger, SecretRedactor redactor)
    {
        _client = client;
        _options = options ?? new LlmJudgeOptions();
        _options.Validate();
        Stats = stats ?? new AnnotatorStats();
        _logger = logger ?? NullLogger.Instance;
        _redactor = redactor;
        Id = $"llm:{model}:{_options.Template.Name}";
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Where requests, tokens, cost and bad answers are counted.</summary>
    public AnnotatorStats Stats { get; }

    /// <inheritdoc/>
    public async Task<Judgement> JudgeAsync(
        JudgeRequest request, CancellationToken cancellationToken = default)
    {
        // Ask once; the HTTP layer below retries transient failures.
        var clock = Stopwatch.StartNew();
        Stats.AddRequest();
        ChatResponse response;
        try
        {
            response = await _client.GetResponseAsync(Messages(request), ChatOptions(), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OaifException)
        {
            Stats.AddSpend(JudgeUsage.None, 0, clock.Elapsed);
            return Failed(e) with { Latency = clock.Elapsed, Requests = 1 };
        }

        // Account, then read the answer.
        var usage = new JudgeUsage(
            response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        var cost = _options.CostOf(usage);
        Stats.AddSpend(usage, cost, clock.Elapsed);
        return Read(response) with { Usage = usage, Cost = cost, Latency = clock.Elapsed, Requests = 1 };
    }

    List<ChatMessage> Messages(JudgeRequest request) =>
    [
        new(ChatRole.System, _options.Template.System),
        new(ChatRole.User,
            _options.Template.RenderUser(request, request.Instruction ?? _options.Instruction)),
    ];

    ChatOptions ChatOptions()
    {
        var options = new ChatOptions
        {
            Temperature = _options.Temperature, MaxOutputTokens = _options.MaxOutputTokens,
        };
        // Log-probabilities are an OpenAI wire option with no portable ChatOptions property.
        if (_options.TopLogProbs > 0)
            options.RawRepresentationFactory = _ => new ChatCompletionOptions
            {
                IncludeLogProbabilities = true,
                TopLogProbabilityCount = _options.TopLogProbs,
            };
        return options;
    }

    Judgement Read(ChatResponse response)
    {
        if (response.Messages.Count == 0) return Malformed("response has no message");
        var text = _redactor.Redact(response.Text ?? "");
        JudgeLog.AnswerText(_logger, text);
        var label = LabelAnswer.Parse(text);
        if (label is null)
        {
            Stats.AddUnparseable();
            JudgeLog.AnswerInvalid(_logger, "answer is not a label");
            return Judgement.Invalid("answer is not a label", text);
        }
        var soft = LabelAnswer.ProbabilityFirst(Candidates(response.RawRepresentation as ChatCompletion));
        var first = label == JudgeTemplate.FirstLabel;
        var verdict = first ? Verdict.First : Verdict.Second;
        return Judgement.FromVerdict(verdict, soft ?? (first ? 1.0 : 0.0)) with { RawAnswer = text };
    }

    static List<TokenCandidates> Candidates(ChatCompletion? completion) =>
        completion?.ContentTokenLogProbabilities?.Select(t => new TokenCandidates(t.Token, t.LogProbability,
            t.TopLogProbabilities?.Select(c => (c.Token, (double)c.LogProbability)).ToList() ?? []))
        .ToList() ?? [];

    Judgement Failed(Exception e)
    {
        var chain = Chain(e).ToList();
        if (chain.OfType<TimeoutRejectedException>().Any()) return Failure("timed out");
        if (chain.OfType<JsonException>().Any() || chain.OfType<FormatException>().Any())
            return Malformed("response is not a readable chat completion");
        if (chain.OfType<ClientResultException>().FirstOrDefault() is { Status: > 0 } http)
            return HttpFailure(http.Status, ErrorBody(http));
        if (chain.OfType<HttpRequestException>().Any()) return Failure("connection failed");
        return Failure($"request failed ({e.GetType().Name})");
    }

    // The server's own explanation of a refusal (e.g. "the prompt is 409 tokens but this model's
    // context holds 256"), cut short and with the key masked; empty when there is none.
    string ErrorBody(ClientResultException e)
    {
        string body;
        try { body = e.GetRawResponse()?.Content?.ToString() ?? ""; }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException) { body = ""; }
        body = _redactor.Redact(string.Join(' ', body.Split((char[]?)null,
            StringSplitOptions.RemoveEmptyEntries)));
        return body.Length > 300 ? body[..300] + "…" : body;
    }

    Judgement HttpFailure(int status, string body)
    {
        if (status is 401 or 403)
            throw new OaifException($"judge endpoint refused the credentials (http {status}); check the "
                + "variable named by --judge-api-key-env");
        if (status == 404)
            throw new OaifException("judge endpoint answered http 404; check --judge-endpoint (it should end "
                + "in the API version, e.g. /v1) and --judge-model");
        return Failure(body.Length == 0 ? $"http {status}" : $"http {status}: {body}");
    }

    Judgement Malformed(string reason)
    {
        Stats.AddMalformed();
        return Failure(reason);
    }

    Judgement Failure(string reason)
    {
        JudgeLog.RequestFailed(_logger, reason);
        return Judgement.Invalid(reason);
    }

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
