using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// The optimizer side of a step, shared by every trainer: sets the scheduled learning rate, clips the
/// gradient norm, and applies the update unless the loss or gradient is NaN/Inf. Such steps are
/// skipped (no update) and counted; too many in a row stop the run.
/// </summary>
public sealed class ParameterUpdater : IDisposable
{
    readonly Parameter[] _parameters;
    readonly OptimizerHelper _optimizer;
    readonly double _maxGradNorm;
    readonly int _maxConsecutiveNonFinite;

    /// <summary>AdamW over the trainable parameters of <paramref name="module"/>.</summary>
    public ParameterUpdater(nn.Module module, TrainingConfig config, int totalSteps)
    {
        _parameters = module.parameters().Where(p => p.requires_grad).ToArray();
        var o = config.Optimizer;
        _optimizer = optim.AdamW(_parameters, config.Trainer.LearningRate, o.Beta1, o.Beta2, o.Eps,
            o.WeightDecay);
        Schedule = LearningRateSchedule.From(config.Trainer, totalSteps);
        _maxGradNorm = config.Trainer.MaxGradNorm;
        _maxConsecutiveNonFinite = config.Trainer.MaxConsecutiveNonFinite;
    }

    /// <summary>The parameters this optimizer updates and keeps moments for.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The learning-rate schedule in use.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Steps in a row whose loss or gradient was not finite.</summary>
    public int ConsecutiveNonFinite { get; set; }

    /// <summary>All skipped steps so far.</summary>
    public int SkippedSteps { get; set; }

    /// <summary>
    /// Call after the step's backward passes. Returns the pre-clipping gradient norm (NaN when
    /// skipped) and the learning rate used. Throws <see cref="OaifException"/> after too many skips.
    /// </summary>
    public (bool Applied, double GradNorm, double LearningRate) Apply(int step, bool lossFinite)
    {
        double lr = Schedule.At(step);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = lr;
        double norm = ClipGradients();
        if (!lossFinite || !double.IsFinite(norm))
        {
            _optimizer.zero_grad();
            SkippedSteps++;
            if (++ConsecutiveNonFinite >= _maxConsecutiveNonFinite)
                throw new OaifException($"step {step}: loss or gradient was NaN/Inf for " +
                    $"{ConsecutiveNonFinite} consecutive steps; stopping (last checkpoint is intact)");
            return (false, double.NaN, lr);
        }
        _optimizer.step();
        _optimizer.zero_grad();
        ConsecutiveNonFinite = 0;
        return (true, norm, lr);
    }

    /// <summary>
    /// Global L2 norm of all gradients in float64 (NaN/Inf when any entry is), then scales gradients
    /// down to the max norm. Done here rather than with clip_grad_norm_, whose returned norm did not
    /// reflect NaN gradients in TorchSharp 0.107.
    /// </summary>
    double ClipGradients()
    {
        using var scope = NewDisposeScope();
        var grads = _parameters.Where(p => p.grad is not null).Select(p => p.grad!).ToArray();
        if (grads.Length == 0) return 0;
        var squares = stack(grads.Select(g => g.to_type(ScalarType.Float64).pow(2).sum()).ToArray()).sum();
        double norm = Math.Sqrt(squares.item<double>());
        if (_maxGradNorm > 0 && double.IsFinite(norm) && norm > _maxGradNorm)
            using (no_grad())
                foreach (var g in grads) g.mul_(_maxGradNorm / (norm + 1e-6));
        return norm;
    }

    /// <summary>Writes the optimizer state (moments and step counts) with TorchSharp's own format.</summary>
    public void SaveState(string path) => _optimizer.save_state_dict(path);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(string path) => _optimizer.load_state_dict(path);

    /// <inheritdoc/>
    public void Dispose() => (_optimizer as IDisposable)?.Dispose();
}
