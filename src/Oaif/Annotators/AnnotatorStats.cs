namespace Oaif.Annotators;

/// <summary>
/// Thread-safe counters of what judging cost and how it failed. One instance is shared by the parts of
/// a judge pipeline; each part records only what it alone sees (the HTTP layer counts retries, 429s and
/// timeouts; the LLM judge counts requests, tokens and bad answers; <see cref="CountingAnnotator"/>
/// counts final verdicts), so nothing is counted twice.
/// </summary>
public sealed class AnnotatorStats
{
    long _requests, _retries, _timeouts, _http429, _http5xx, _malformed, _unparseable;
    long _judgements, _invalid, _ties, _budgetExhausted, _promptTokens, _completionTokens;
    long _latencyTicks;
    double _cost;
    readonly Lock _costLock = new();

    /// <summary>Calls to the judge endpoint (one per presentation order; retries not included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>HTTP attempts repeated after a 429, 5xx, timeout or connection failure.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>HTTP attempts that hit the per-request timeout.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>HTTP attempts answered 429 Too Many Requests.</summary>
    public long Http429 => Interlocked.Read(ref _http429);

    /// <summary>HTTP attempts answered with a 5xx status.</summary>
    public long Http5xx => Interlocked.Read(ref _http5xx);

    /// <summary>Responses that were not a readable chat completion (bad JSON, no choices).</summary>
    public long MalformedResponses => Interlocked.Read(ref _malformed);

    /// <summary>Readable responses whose answer was not clearly one label.</summary>
    public long UnparseableAnswers => Interlocked.Read(ref _unparseable);

    /// <summary>Final judgements seen by <see cref="CountingAnnotator"/>.</summary>
    public long Judgements => Interlocked.Read(ref _judgements);

    /// <summary>Final judgements that were Invalid (dropped by the caller).</summary>
    public long InvalidVerdicts => Interlocked.Read(ref _invalid);

    /// <summary>Final judgements that were Tie.</summary>
    public long Ties => Interlocked.Read(ref _ties);

    /// <summary>Calls refused because the request budget was spent.</summary>
    public long BudgetExhausted => Interlocked.Read(ref _budgetExhausted);

    /// <summary>Input tokens reported by the server.</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Output tokens reported by the server.</summary>
    public long CompletionTokens => Interlocked.Read(ref _completionTokens);

    /// <summary>Sum over endpoint calls of their wall-clock latency (retries included).</summary>
    public TimeSpan LatencySum => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));

    /// <summary>Money spent at the configured prices.</summary>
    public double Cost { get { lock (_costLock) return _cost; } }

    internal void AddRequest() => Interlocked.Increment(ref _requests);
    internal void AddRetry() => Interlocked.Increment(ref _retries);
    internal void AddTimeout() => Interlocked.Increment(ref _timeouts);
    internal void AddHttp429() => Interlocked.Increment(ref _http429);
    internal void AddHttp5xx() => Interlocked.Increment(ref _http5xx);
    internal void AddMalformed() => Interlocked.Increment(ref _malformed);
    internal void AddUnparseable() => Interlocked.Increment(ref _unparseable);
    internal void AddBudgetExhausted() => Interlocked.Increment(ref _budgetExhausted);

    /// <summary>Adds one endpoint call's tokens, cost and latency.</summary>
    internal void AddSpend(JudgeUsage usage, double cost, TimeSpan latency)
    {
        Interlocked.Add(ref _promptTokens, usage.PromptTokens);
        Interlocked.Add(ref _completionTokens, usage.CompletionTokens);
        Interlocked.Add(ref _latencyTicks, latency.Ticks);
        lock (_costLock) _cost += cost;
    }

    /// <summary>Counts one final judgement by its verdict.</summary>
    public void RecordVerdict(Verdict verdict)
    {
        Interlocked.Increment(ref _judgements);
        if (verdict == Verdict.Invalid) Interlocked.Increment(ref _invalid);
        if (verdict == Verdict.Tie) Interlocked.Increment(ref _ties);
    }

    /// <summary>All counters under stable slash keys, for metric logs (e.g. "judge/http_429").</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["judge/requests"] = Requests,
        ["judge/retries"] = Retries,
        ["judge/timeouts"] = Timeouts,
        ["judge/http_429"] = Http429,
        ["judge/http_5xx"] = Http5xx,
        ["judge/malformed"] = MalformedResponses,
        ["judge/unparseable"] = UnparseableAnswers,
        ["judge/judgements"] = Judgements,
        ["judge/invalid"] = InvalidVerdicts,
        ["judge/ties"] = Ties,
        ["judge/budget_exhausted"] = BudgetExhausted,
        ["judge/prompt_tokens"] = PromptTokens,
        ["judge/completion_tokens"] = CompletionTokens,
        ["judge/cost"] = Cost,
        ["judge/latency_sum_s"] = LatencySum.TotalSeconds,
    };

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(" ", ToMetrics().Select(kv => $"{kv.Key}={kv.Value:0.####}"));
}
