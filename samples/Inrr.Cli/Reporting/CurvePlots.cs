using Inrr.Cli.Fitting;
using Inrr.Cli.Output;
using Inrr.Torch.Fitting;
using ScottPlot;

namespace Inrr.Cli.Reporting;

/// <summary>
/// The report's curves (ScottPlot): the loss terms of each method, the hole quality per step, and the
/// paper's trajectory plot (observed-pixel error against hole error). Each method keeps its colour in every plot.
/// </summary>
internal static class CurvePlots
{
    private const int SubplotWidth = 520, SubplotHeight = 380;

    /// <summary>
    /// One panel per method (log scale): the total loss, the data term and each regulariser's weighted term,
    /// so one sees what dominates the objective and when the regulariser takes hold.
    /// </summary>
    public static void SaveLossCurves(IReadOnlyList<MethodOutcome> outcomes, string path)
    {
        int columns = Math.Min(3, outcomes.Count), rows = (outcomes.Count + columns - 1) / columns;
        var plots = new List<Plot>();
        for (int i = 0; i < outcomes.Count; i++)
        {
            var plot = ReportStyle.NewPlot();
            var history = outcomes[i].Result.History;
            double[] steps = history.Select(h => (double)h.Step).ToArray();
            AddLine(plot, steps, LogScale.Log10(history.Select(h => h.Loss)), "total loss", Colors.Black, LinePattern.Solid);
            AddLine(plot, steps, LogScale.Log10(history.Select(h => h.DataLoss)), "data term", ReportStyle.MethodColor(i), LinePattern.Solid);
            var logged = history.Select(h => h.Loss).Concat(history.Select(h => h.DataLoss)).ToList();
            int term = 0;
            foreach (var name in history.SelectMany(h => h.RegularizerLosses.Keys).Distinct())
            {
                var values = history.Select(h => h.RegularizerLosses.GetValueOrDefault(name)).ToList();
                logged.AddRange(values);
                AddLine(plot, steps, LogScale.Log10(values), $"{name} term", ReportStyle.MethodColor(i).Darken(0.45),
                    term++ % 2 == 0 ? LinePattern.Dashed : LinePattern.Dotted);
            }
            LogScale.Apply(plot.Axes.Left, LogScale.Log10(logged));
            MarkFullGridStart(plot, [outcomes[i]]);
            Style(plot, $"{outcomes[i].Label}: loss terms", "step", "loss (log scale)");
            plot.ShowLegend(Alignment.UpperRight);
            plots.Add(plot);
        }
        ReportStyle.SaveGrid(plots, rows, columns, SubplotWidth, SubplotHeight, path);
    }

    /// <summary>Hole PSNR and hole NMAE per step, one line per method; false (nothing written) without a truth.</summary>
    public static bool SaveHoleMetrics(IReadOnlyList<MethodOutcome> outcomes, string path)
    {
        if (!outcomes.Any(o => o.Result.History.Any(h => h.Metrics is not null))) return false;
        var psnr = ReportStyle.NewPlot();
        var nmae = ReportStyle.NewPlot();
        for (int i = 0; i < outcomes.Count; i++)
        {
            var logged = outcomes[i].Result.History.Where(h => h.Metrics is not null).ToList();
            double[] steps = logged.Select(h => (double)h.Step).ToArray();
            AddLine(psnr, steps, logged.Select(h => h.Metrics!.PsnrHoles).ToArray(), outcomes[i].Label, ReportStyle.MethodColor(i), LinePattern.Solid);
            AddLine(nmae, steps, logged.Select(h => h.Metrics!.NmaeHoles).ToArray(), outcomes[i].Label, ReportStyle.MethodColor(i), LinePattern.Solid);
        }
        MarkFullGridStart(psnr, outcomes);
        MarkFullGridStart(nmae, outcomes);
        Style(psnr, "hole PSNR (higher is better)", "step", "PSNR over the holes (dB)");
        Style(nmae, "hole NMAE (lower is better)", "step", "NMAE over the holes");
        psnr.ShowLegend(Alignment.LowerRight);
        nmae.ShowLegend(Alignment.UpperRight);
        ReportStyle.SaveGrid([psnr, nmae], 1, 2, SubplotWidth, SubplotHeight, path);
        return true;
    }

    /// <summary>
    /// The paper's trajectory plot: x = MSE over the observed pixels, y = MSE over the holes, one path per
    /// method from its first logged full-grid step (circle) to its last (square). A path that turns upwards while moving
    /// left is over-fitting: the observed pixels get better while the holes get worse.
    /// </summary>
    public static bool SaveTrajectory(IReadOnlyList<MethodOutcome> outcomes, string path)
    {
        if (!outcomes.Any(o => o.Result.History.Any(h => h.Metrics is not null))) return false;
        var plot = ReportStyle.NewPlot();
        var (allX, allY) = (new List<double>(), new List<double>());
        for (int i = 0; i < outcomes.Count; i++)
        {
            var logged = FullGridSteps(outcomes[i]);
            double[] x = LogScale.Log10(logged.Select(h => h.ObservedMse));
            double[] y = LogScale.Log10(logged.Select(h => h.Metrics!.RmseHoles * h.Metrics.RmseHoles));
            allX.AddRange(x);
            allY.AddRange(y);
            var color = ReportStyle.MethodColor(i);
            var line = plot.Add.Scatter(x, y, color);
            line.LegendText = outcomes[i].Label;
            line.LineWidth = 2;
            line.MarkerSize = 4;
            plot.Add.Marker(x[0], y[0], MarkerShape.OpenCircle, 12, color);
            plot.Add.Marker(x[^1], y[^1], MarkerShape.FilledSquare, 10, color);
        }
        LogScale.Apply(plot.Axes.Bottom, allX);
        LogScale.Apply(plot.Axes.Left, allY);
        Style(plot, "trajectory: observed error vs hole error (circle = start, square = end)",
            "MSE over observed pixels (log scale)", "MSE over the holes (log scale)");
        // Paths start at the upper right and move left: the lower right stays empty.
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(760, 560, ImageFormat.Png));
        return true;
    }

    /// <summary>
    /// The logged steps with metrics on the full grid: during coarse-to-fine's first stage the observed error is
    /// measured on the coarse grid, so those points would jump sideways when the full grid starts.
    /// </summary>
    private static List<FitProgress> FullGridSteps(MethodOutcome outcome)
    {
        var logged = outcome.Result.History.Where(h => h.Metrics is not null).ToList();
        var fullGrid = logged.Where(h => h.Step >= outcome.Result.Options.CoarseSteps).ToList();
        return fullGrid.Count >= 2 ? fullGrid : logged;
    }

    /// <summary>
    /// A dotted line where coarse-to-fine switches to the full grid: the losses jump there (the coarse grid
    /// averages detail away), which would otherwise look like a fault of the fit.
    /// </summary>
    private static void MarkFullGridStart(Plot plot, IEnumerable<MethodOutcome> outcomes)
    {
        foreach (int step in outcomes.Select(o => o.Result.Options.CoarseSteps).Where(s => s > 0).Distinct())
        {
            var line = plot.Add.VerticalLine(step, 1.5f, Colors.Gray, LinePattern.Dotted);
            line.Text = "full grid";
            line.LabelStyle.FontSize = 11;
            line.LabelStyle.Bold = false;
            line.ExcludeFromLegend = true;
        }
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color color, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.LinePattern = pattern;
    }

    private static void Style(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
    }
}
