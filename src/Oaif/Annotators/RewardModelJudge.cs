using System.Diagnostics;
using Oaif.Model;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Annotators;

/// <summary>
/// Judges a pair with a trained <see cref="RewardModel"/>: P(first better) = σ(r_first − r_second),
/// the Bradley–Terry probability the model was trained on. Both rows are scored in one no-grad
/// forward, encoded exactly as in reward-model training (<see cref="ExampleEncoder"/>). The instruction
/// of a request is ignored (a reward model has no way to read it). Calls are serialised: the model is
/// not thread-safe.
/// </summary>
public sealed class RewardModelJudge : IAnnotator
{
    readonly RewardModel _rm;
    readonly ExampleEncoder _encoder;
    readonly object _gate = new();

    /// <summary>A judge named "rm:<paramref name="name"/>"; it does not own <paramref name="rm"/>.</summary>
    public RewardModelJudge(RewardModel rm, ExampleEncoder encoder, string name)
    {
        (_rm, _encoder) = (rm, encoder);
        Id = "rm:" + name;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Rewards of the first and second response.</summary>
    public (double First, double Second) Rewards(JudgeRequest request)
    {
        var prompt = _encoder.Prompt(request.Prompt);
        (long[], long[])[] rows = [(prompt, _encoder.Response(request.First)),
                                   (prompt, _encoder.Response(request.Second))];
        lock (_gate)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var rewards = RewardModelScores.Compute(_rm, rows).to_type(ScalarType.Float64).cpu(); // [2]
            var values = rewards.data<double>().ToArray();
            return (values[0], values[1]);
        }
    }

    /// <inheritdoc/>
    public Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var (first, second) = Rewards(request);
        double p = 1 / (1 + Math.Exp(second - first));
        if (!double.IsFinite(first) || !double.IsFinite(second))
            return Task.FromResult(Judgement.Invalid($"reward is not finite ({first}, {second})"));
        var judgement = Judgement.FromProbability(p) with
        {
            Rationale = $"r_first={first:F4} r_second={second:F4}", Latency = clock.Elapsed,
        };
        return Task.FromResult(judgement);
    }
}
