namespace Oaif.Training;

/// <summary>
/// One optimizer step over a batch, and evaluation without updates; what a trainer loops over.
/// </summary>
public interface IBatchUpdater<T>
{
    /// <summary>
    /// Forward, loss, backward and (unless skipped) the parameter update for step <paramref name="step"/>.
    /// Returns the step's metrics under fixed keys (see <see cref="MetricKeys"/>) and tokens processed.
    /// </summary>
    (IReadOnlyDictionary<string, double> Metrics, long Tokens) Update(IReadOnlyList<T> batch, int step);

    /// <summary>Metrics over <paramref name="data"/> without gradients; keys get an "eval/" prefix.</summary>
    IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<T> data);
}
