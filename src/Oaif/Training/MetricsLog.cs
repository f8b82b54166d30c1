using System.Globalization;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch.utils;

namespace Oaif.Training;

/// <summary>
/// Step metrics to three places: metrics.jsonl (append-only, one JSON object per line, "step" first),
/// TensorBoard event files under tensorboard/, and one fixed-format terminal line.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>File name of the JSONL log inside the run directory.</summary>
    public const string FileName = "metrics.jsonl";

    /// <summary>Folder of the TensorBoard event files inside the run directory.</summary>
    public const string TensorBoardDir = "tensorboard";

    readonly string _path;
    readonly SummaryWriter _tensorboard;
    readonly TextWriter? _terminal;

    /// <summary>Appends to the run directory's log files.</summary>
    public MetricsLog(string runDir, TextWriter? terminal)
    {
        _path = Path.Combine(runDir, FileName);
        _tensorboard = tensorboard.SummaryWriter(Path.Combine(runDir, TensorBoardDir));
        _terminal = terminal;
    }

    /// <summary>Writes one record for <paramref name="step"/>; non-finite values become JSON null.</summary>
    public void Write(int step, IReadOnlyDictionary<string, double> metrics)
    {
        var line = new Dictionary<string, object?> { [MetricKeys.Step] = step };
        foreach (var (key, value) in metrics)
        {
            line[key] = double.IsFinite(value) ? value : null;
            if (double.IsFinite(value)) _tensorboard.add_scalar(key, (float)value, step);
        }
        File.AppendAllText(_path, JsonSerializer.Serialize(line) + "\n");
    }

    /// <summary>The terminal line: fixed keys, fixed precision, missing values shown as "-".</summary>
    public void WriteTerminal(int step, int total, IReadOnlyDictionary<string, double> m)
    {
        if (_terminal is null) return;
        string F(string key, string format) => m.TryGetValue(key, out var v) && double.IsFinite(v)
            ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        _terminal.WriteLine(
            $"step {step,6}/{total} | loss {F(MetricKeys.Loss, "F4")}" +
            $" | acc {F(MetricKeys.RewardsAccuracies, "F3")}" +
            $" | margin {F(MetricKeys.RewardsMargins, "+0.0000;-0.0000;0.0000")}" +
            $" | grad {F(MetricKeys.GradNorm, "F4")}" +
            $" | lr {F(MetricKeys.LearningRate, "0.00e+00")} | tok/s {F(MetricKeys.TokensPerSecond, "F0")}");
    }

    /// <summary>
    /// Drops records with step &gt; <paramref name="lastStep"/> (written after the checkpoint a run
    /// resumes from) from metrics.jsonl and the TensorBoard events, so every step appears once. Rewrites
    /// via a temp file and rename.
    /// </summary>
    public static void TruncateAfter(string runDir, int lastStep)
    {
        TensorBoardEvents.TruncateAfter(Path.Combine(runDir, TensorBoardDir), lastStep);
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return;
        var kept = File.ReadLines(path).Where(l => l.Length > 0 && StepOf(l) <= lastStep).ToList();
        var temp = path + ".tmp";
        File.WriteAllLines(temp, kept);
        File.Move(temp, path, overwrite: true);
    }

    static int StepOf(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty(MetricKeys.Step).GetInt32();
    }
}
