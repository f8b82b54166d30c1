using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Oaif.Annotators;

/// <summary>
/// The HttpClient under an LLM judge: retries with exponential backoff and jitter on 408/429/5xx,
/// timeouts and connection failures, honouring Retry-After; a timeout per attempt; and a counting
/// handler that records every attempt's 429 and 5xx answers in <see cref="AnnotatorStats"/>.
/// </summary>
internal static class JudgeHttp
{
    /// <summary>
    /// A client whose handler chain is retry → per-attempt timeout → status counter → sockets.
    /// </summary>
    public static HttpClient Create(JudgeEndpointOptions options, AnnotatorStats stats, ILogger logger)
    {
        var counter = new StatusCountingHandler(stats) { InnerHandler = new SocketsHttpHandler() };
        var pipeline = BuildPipeline(options, stats, logger);
        var resilience = new ResilienceHandler(pipeline) { InnerHandler = counter };
        // The pipeline owns timing; the client-wide timeout would otherwise cut retries short.
        return new HttpClient(resilience) { Timeout = Timeout.InfiniteTimeSpan };
    }

    static ResiliencePipeline<HttpResponseMessage> BuildPipeline(
        JudgeEndpointOptions options, AnnotatorStats stats, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0) builder.AddRetry(RetryOptions(options, stats, logger));
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = options.RequestTimeout,
            OnTimeout = args =>
            {
                stats.AddTimeout();
                JudgeLog.AttemptTimedOut(logger, args.Timeout.TotalMilliseconds);
                return default;
            },
        });
        return builder.Build();
    }

    static RetryStrategyOptions<HttpResponseMessage> RetryOptions(
        JudgeEndpointOptions options, AnnotatorStats stats, ILogger logger) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryBaseDelay,
        MaxDelay = options.MaxRetryDelay,
        ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)),
        DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
        OnRetry = args =>
        {
            stats.AddRetry();
            var what = args.Outcome.Result is { } r ? $"http {(int)r.StatusCode}"
                : args.Outcome.Exception?.GetType().Name ?? "unknown";
            JudgeLog.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, what);
            return default;
        },
    };

    // The server's Retry-After (seconds or a date), capped; null lets the exponential backoff decide.
    static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date - DateTimeOffset.UtcNow);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
    }

    /// <summary>Counts 429 and 5xx answers per attempt, so retried failures are counted too.</summary>
    sealed class StatusCountingHandler(AnnotatorStats stats) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) stats.AddHttp429();
            else if ((int)response.StatusCode >= 500) stats.AddHttp5xx();
            return response;
        }
    }
}
