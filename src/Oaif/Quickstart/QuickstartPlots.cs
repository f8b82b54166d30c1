using ScottPlot;

namespace Oaif.Quickstart;

/// <summary>The quickstart report's two PNG plots, drawn with ScottPlot.</summary>
public static class QuickstartPlots
{
    public const string WinRateFile = "win_rate_vs_step.png";
    public const string LengthFile = "response_length.png";

    /// <summary>
    /// Win rate against SFT at each checkpoint, one line per arm, with the 0.5 "no better" line.
    /// </summary>
    public static void WinRateAgainstStep(QuickstartSummary summary, string path)
    {
        var plot = new Plot();
        foreach (var arm in summary.Arms.Where(a => a.Curve.Count > 0))
        {
            double[] steps = arm.Curve.Select(p => (double)p.Step).ToArray();
            var line = plot.Add.Scatter(steps, arm.Curve.Select(p => p.WinRate).ToArray());
            line.LegendText = arm.Name;
            var bars = plot.Add.ErrorBar(steps, arm.Curve.Select(p => p.WinRate).ToArray(),
                arm.Curve.Select(p => p.High - p.WinRate).ToArray());
            bars.YErrorNegative = arm.Curve.Select(p => p.WinRate - p.Low).ToArray();
            bars.Color = line.Color;
        }
        plot.Add.HorizontalLine(0.5, pattern: LinePattern.Dashed);
        plot.Axes.SetLimitsY(0, 1);
        plot.Title("Win rate against SFT (default judge, 95% Wilson intervals)");
        plot.XLabel("preference updates");
        plot.YLabel("win rate (ties count half)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 720, 420);
    }

    /// <summary>Mean response length in tokens: SFT and each arm.</summary>
    public static void ResponseLength(QuickstartSummary summary, string path)
    {
        var names = new List<string> { "sft" };
        var values = new List<double> { summary.Sft.MeanTokens };
        foreach (var arm in summary.Arms)
        {
            names.Add(arm.Name);
            values.Add(arm.Facts.MeanTokens);
        }
        var plot = new Plot();
        var bars = plot.Add.Bars(values.ToArray());
        for (int i = 0; i < bars.Bars.Count; i++) bars.Bars[i].Label = values[i].ToString("F1");
        bars.ValueLabelStyle.FontSize = 14;
        var tickPositions = Enumerable.Range(0, names.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(tickPositions, names.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title("Mean response length (tokens)");
        plot.YLabel("tokens");
        plot.SavePng(path, 560, 380);
    }
}
