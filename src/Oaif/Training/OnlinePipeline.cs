using System.Diagnostics;

namespace Oaif.Training;

/// <summary>What the loop got for one step, and how it got it.</summary>
/// <param name="Feedback">The samples and verdicts.</param>
/// <param name="StalenessSteps">Updates between sampling weights and trained weights (0 or 1).</param>
/// <param name="WaitSeconds">Seconds the loop waited for the verdicts.</param>
internal sealed record TakenFeedback(StepFeedback Feedback, int StalenessSteps, double WaitSeconds);

/// <summary>
/// Hands the online loop each step's feedback. Sequential mode samples and judges a step when the loop
/// asks for it. Pipelined mode (online.pipeline) lets the loop call <see cref="StartNext"/> after taking
/// step t and before updating: that samples step t+1 from the weights as they are (before update t) and
/// leaves its judge calls in flight while update t runs, so a slow asynchronous judge costs
/// max(judge, update) per step instead of judge + update.
/// </summary>
/// <remarks>
/// Only judging overlaps the update, sampling does not. A TorchSharp module must not be run on one
/// thread while another updates it, and sampling from a snapshot copy would keep a second copy of the
/// weights only to compete with the update for the same cores (torch already spreads the update over
/// every intra-op thread). Judging is mostly waiting (HTTP), which overlaps for free. The part of an
/// annotator that runs synchronously before its first await still runs inline, before the update; an
/// annotator that scores with the policy module itself must not be pipelined.
/// </remarks>
internal sealed class OnlinePipeline(IOnlineFeedback feedback, bool pipelined, CancellationToken ct)
    : IAsyncDisposable
{
    readonly CancellationTokenSource _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
    (int Step, Task<StepFeedback> Verdicts)? _ahead;

    /// <summary>Step <paramref name="step"/>'s feedback: the one started ahead, else collected now.</summary>
    public async Task<TakenFeedback> TakeAsync(int step)
    {
        var ahead = _ahead is { } a && a.Step == step ? a.Verdicts : null;
        _ahead = null;
        var pending = ahead ?? feedback.Start(step, _cts.Token);
        var wait = Stopwatch.StartNew();
        var fed = await pending.ConfigureAwait(false);
        return new TakenFeedback(fed, ahead is null ? 0 : 1, wait.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// In pipelined mode, samples step <paramref name="step"/>+1 now and starts judging it; does nothing
    /// in sequential mode. Call before the update of <paramref name="step"/>.
    /// </summary>
    public void StartNext(int step)
    {
        if (pipelined) _ahead = (step + 1, feedback.Start(step + 1, _cts.Token));
    }

    /// <summary>Cancels judging that was started ahead and never taken (the run stopped early).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ahead is { } abandoned)
        {
            _cts.Cancel();
            // The run is already ending with its own exception; this one would only hide it.
            try { await abandoned.Verdicts.ConfigureAwait(false); }
            catch (Exception) { }
        }
        _cts.Dispose();
    }
}
