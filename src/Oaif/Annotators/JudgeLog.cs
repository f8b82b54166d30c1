using Microsoft.Extensions.Logging;

namespace Oaif.Annotators;

/// <summary>
/// Log messages of the judge. None of them takes the API key; answer text appears only at Trace level
/// and passes through the secret redactor first.
/// </summary>
/// <remarks>
/// Uses LoggerMessage.Define rather than [LoggerMessage]: this project references the logging source
/// generator twice (ASP.NET Core shared framework and the Microsoft.Extensions.Logging 11 package), and
/// the two generated copies collide (CS0757).
/// </remarks>
internal static class JudgeLog
{
    static readonly Action<ILogger, int, double, string, Exception?> s_retrying =
        LoggerMessage.Define<int, double, string>(LogLevel.Debug, new EventId(4001, "JudgeRetry"),
            "judge retry {Attempt} in {DelayMs} ms after {Outcome}");

    static readonly Action<ILogger, double, Exception?> s_timedOut =
        LoggerMessage.Define<double>(LogLevel.Debug, new EventId(4002, "JudgeTimeout"),
            "judge attempt timed out after {TimeoutMs} ms");

    static readonly Action<ILogger, string, Exception?> s_failed =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(4003, "JudgeFailed"),
            "judge request failed: {Reason}");

    static readonly Action<ILogger, string, Exception?> s_invalid =
        LoggerMessage.Define<string>(LogLevel.Debug, new EventId(4004, "JudgeInvalid"),
            "judge answer invalid: {Reason}");

    static readonly Action<ILogger, string, Exception?> s_answer =
        LoggerMessage.Define<string>(LogLevel.Trace, new EventId(4005, "JudgeAnswer"),
            "judge answer text: {Answer}");

    public static void Retrying(ILogger logger, int attempt, double delayMs, string outcome) =>
        s_retrying(logger, attempt, delayMs, outcome, null);

    public static void AttemptTimedOut(ILogger logger, double timeoutMs) =>
        s_timedOut(logger, timeoutMs, null);

    public static void RequestFailed(ILogger logger, string reason) => s_failed(logger, reason, null);

    public static void AnswerInvalid(ILogger logger, string reason) => s_invalid(logger, reason, null);

    public static void AnswerText(ILogger logger, string answer) => s_answer(logger, answer, null);
}
