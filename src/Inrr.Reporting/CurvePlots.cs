using Inrr.Torch.Fitting;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Inrr.Reporting;

/// <summary>
/// The report's curves (OxyPlot): the loss terms of each method, the hole quality per step, and the paper's
/// trajectory plot (observed-pixel error against hole error). Each method keeps its colour in every plot.
/// </summary>
internal static class CurvePlots
{
    private const int SubplotWidth = 520, SubplotHeight = 380;

    /// <summary>
    /// One panel per method (log scale): the total loss, the data term and each regulariser's weighted term,
    /// so one sees what dominates the objective and when the regulariser takes hold. False (nothing written) when no
    /// method ran steps.
    /// </summary>
    public static bool SaveLossCurves(IReadOnlyList<ReportMethod> outcomes, string path)
    {
        // Classical fills have no steps, so no curves: they get no panel (their colour index stays theirs).
        var fitted = Enumerable.Range(0, outcomes.Count).Where(i => outcomes[i].Result.History.Count > 0).ToList();
        if (fitted.Count == 0) return false;
        int columns = Math.Min(3, fitted.Count), rows = (fitted.Count + columns - 1) / columns;
        var plots = new List<PlotModel>();
        foreach (int i in fitted)
        {
            var plot = ReportStyle.NewPlot($"{outcomes[i].Label}: loss terms");
            AddAxes(plot, "step", logX: false, "loss (log scale)", logY: true);
            var history = outcomes[i].Result.History;
            double[] steps = history.Select(h => (double)h.Step).ToArray();
            AddLine(plot, steps, history.Select(h => h.Loss).ToArray(), "total loss", OxyColors.Black, LineStyle.Solid);
            AddLine(plot, steps, history.Select(h => h.DataLoss).ToArray(), "data term", ReportStyle.MethodColor(i), LineStyle.Solid);
            int term = 0;
            foreach (var name in history.SelectMany(h => h.RegularizerLosses.Keys).Distinct())
            {
                var values = history.Select(h => h.RegularizerLosses.GetValueOrDefault(name)).ToArray();
                AddLine(plot, steps, values, $"{name} term", OxyColor.Interpolate(ReportStyle.MethodColor(i), OxyColors.Black, 0.45),
                    term++ % 2 == 0 ? LineStyle.Dash : LineStyle.Dot);
            }
            MarkFullGridStart(plot, [outcomes[i]]);
            ReportStyle.ShowLegend(plot, LegendPosition.RightTop);
            plots.Add(plot);
        }
        ReportStyle.SaveGrid(plots, rows, columns, SubplotWidth, SubplotHeight, path);
        return true;
    }

    /// <summary>Hole PSNR and hole NMAE per step, one line per method; false (nothing written) without a truth.</summary>
    public static bool SaveHoleMetrics(IReadOnlyList<ReportMethod> outcomes, string path)
    {
        if (!outcomes.Any(o => o.Result.History.Any(h => h.Metrics is not null))) return false;
        var psnr = ReportStyle.NewPlot("hole PSNR (higher is better)");
        var nmae = ReportStyle.NewPlot("hole NMAE (lower is better)");
        AddAxes(psnr, "step", logX: false, "PSNR over the holes (dB)", logY: false);
        AddAxes(nmae, "step", logX: false, "NMAE over the holes", logY: false);
        for (int i = 0; i < outcomes.Count; i++)
        {
            var logged = outcomes[i].Result.History.Where(h => h.Metrics is not null).ToList();
            double[] steps = logged.Select(h => (double)h.Step).ToArray();
            AddLine(psnr, steps, logged.Select(h => h.Metrics!.PsnrHoles).ToArray(), outcomes[i].Label, ReportStyle.MethodColor(i), LineStyle.Solid);
            AddLine(nmae, steps, logged.Select(h => h.Metrics!.NmaeHoles).ToArray(), outcomes[i].Label, ReportStyle.MethodColor(i), LineStyle.Solid);
        }
        MarkFullGridStart(psnr, outcomes);
        MarkFullGridStart(nmae, outcomes);
        ReportStyle.ShowLegend(psnr, LegendPosition.RightBottom);
        ReportStyle.ShowLegend(nmae, LegendPosition.RightTop);
        ReportStyle.SaveGrid([psnr, nmae], 1, 2, SubplotWidth, SubplotHeight, path);
        return true;
    }

    /// <summary>
    /// Whole-image PSNR and SSIM against the clean picture per step, one line per method, each method's chosen step
    /// (its best held-out step, else its last) marked: denoising's story, a network that first finds the picture and
    /// then learns the noise. False (nothing written) without a clean picture.
    /// </summary>
    public static bool SaveWholeImageMetrics(IReadOnlyList<ReportMethod> outcomes, string path)
    {
        if (!outcomes.Any(o => o.Result.History.Any(h => h.Metrics is not null))) return false;
        var psnr = ReportStyle.NewPlot("PSNR against the clean picture (higher is better)");
        var ssim = ReportStyle.NewPlot("SSIM against the clean picture (higher is better)");
        AddAxes(psnr, "step", logX: false, "PSNR (dB)", logY: false);
        AddAxes(ssim, "step", logX: false, "SSIM", logY: false);
        for (int i = 0; i < outcomes.Count; i++)
        {
            var logged = outcomes[i].Result.History.Where(h => h.Metrics is not null).ToList();
            double[] steps = logged.Select(h => (double)h.Step).ToArray();
            var color = ReportStyle.MethodColor(i);
            AddLine(psnr, steps, logged.Select(h => h.Metrics!.Psnr).ToArray(), outcomes[i].Label, color, LineStyle.Solid);
            AddLine(ssim, steps, logged.Select(h => h.Metrics!.Ssim).ToArray(), outcomes[i].Label, color, LineStyle.Solid);
            if (outcomes[i].Metrics is { } chosen)
            {
                double step = outcomes[i].Result.BestStep ?? outcomes[i].Result.StepsRun - 1;
                psnr.Series.Add(new ScatterSeries { MarkerType = MarkerType.Diamond, MarkerSize = 6, MarkerFill = color, Points = { new ScatterPoint(step, chosen.Psnr) } });
                if (double.IsFinite(chosen.Ssim))
                    ssim.Series.Add(new ScatterSeries { MarkerType = MarkerType.Diamond, MarkerSize = 6, MarkerFill = color, Points = { new ScatterPoint(step, chosen.Ssim) } });
            }
        }
        MarkFullGridStart(psnr, outcomes);
        MarkFullGridStart(ssim, outcomes);
        ReportStyle.ShowLegend(psnr, LegendPosition.RightBottom);
        ReportStyle.ShowLegend(ssim, LegendPosition.RightBottom);
        ReportStyle.SaveGrid([psnr, ssim], 1, 2, SubplotWidth, SubplotHeight, path);
        return true;
    }

    /// <summary>
    /// The paper's trajectory plot: x = MSE over the observed pixels, y = MSE over the holes (both log scale), one
    /// path per method from its first logged full-grid step (circle) to its last (square). A path that turns
    /// upwards while moving left is over-fitting: the observed pixels get better while the holes get worse.
    /// </summary>
    public static bool SaveTrajectory(IReadOnlyList<ReportMethod> outcomes, string path)
    {
        if (!outcomes.Any(o => o.Result.History.Any(h => h.Metrics is not null))) return false;
        var plot = ReportStyle.NewPlot("trajectory: observed error vs hole error (circle = start, square = end)");
        AddAxes(plot, "MSE over observed pixels (log scale)", logX: true, "MSE over the holes (log scale)", logY: true);
        for (int i = 0; i < outcomes.Count; i++)
        {
            var points = FullGridSteps(outcomes[i])
                .Select(h => new DataPoint(h.ObservedMse, h.Metrics!.RmseHoles * h.Metrics.RmseHoles))
                .Where(p => p.X > 0 && p.Y > 0).ToList();
            if (points.Count == 0) continue;
            var color = ReportStyle.MethodColor(i);
            var line = new LineSeries { Title = outcomes[i].Label, Color = color, StrokeThickness = 2, MarkerType = MarkerType.Circle, MarkerSize = 2, MarkerFill = color };
            line.Points.AddRange(points);
            plot.Series.Add(line);
            plot.Annotations.Add(new PointAnnotation { X = points[0].X, Y = points[0].Y, Shape = MarkerType.Circle, Size = 6, Fill = OxyColors.Transparent, Stroke = color, StrokeThickness = 2 });
            plot.Annotations.Add(new PointAnnotation { X = points[^1].X, Y = points[^1].Y, Shape = MarkerType.Square, Size = 5, Fill = color });
        }
        // Paths start at the upper right and move left: the lower right stays empty.
        ReportStyle.ShowLegend(plot, LegendPosition.RightBottom);
        ReportStyle.SaveGrid([plot], 1, 1, 760, 560, path);
        return true;
    }

    /// <summary>
    /// The logged steps with metrics on the full grid: during coarse-to-fine's first stage the observed error is
    /// measured on the coarse grid, so those points would jump sideways when the full grid starts.
    /// </summary>
    private static List<FitProgress> FullGridSteps(ReportMethod outcome)
    {
        var logged = outcome.Result.History.Where(h => h.Metrics is not null).ToList();
        var fullGrid = logged.Where(h => h.Step >= outcome.Result.Options.CoarseSteps).ToList();
        return fullGrid.Count >= 2 ? fullGrid : logged;
    }

    /// <summary>
    /// A dotted line where coarse-to-fine switches to the full grid: the losses jump there (the coarse grid
    /// averages detail away), which would otherwise look like a fault of the fit.
    /// </summary>
    private static void MarkFullGridStart(PlotModel plot, IEnumerable<ReportMethod> outcomes)
    {
        foreach (int step in outcomes.Select(o => o.Result.Options.CoarseSteps).Where(s => s > 0).Distinct())
            plot.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Vertical, X = step, Color = OxyColors.Gray, LineStyle = LineStyle.Dot, StrokeThickness = 1.5,
                Text = "full grid", TextColor = OxyColors.Gray, FontSize = 11,
            });
    }

    private static void AddAxes(PlotModel plot, string xTitle, bool logX, string yTitle, bool logY)
    {
        plot.Axes.Add(Axis(AxisPosition.Bottom, xTitle, logX));
        plot.Axes.Add(Axis(AxisPosition.Left, yTitle, logY));
    }

    private static Axis Axis(AxisPosition position, string title, bool log)
    {
        Axis axis = log ? new LogarithmicAxis() : new LinearAxis();
        axis.Position = position;
        axis.Title = title;
        axis.TitleFontSize = 13;
        axis.MajorGridlineStyle = LineStyle.Solid;
        axis.MajorGridlineColor = OxyColor.FromRgb(0xe6, 0xe6, 0xe6);
        return axis;
    }

    /// <summary>A line; points a log axis cannot show (a regulariser still switched off is 0) are left out as a gap.</summary>
    private static void AddLine(PlotModel plot, double[] xs, double[] ys, string label, OxyColor color, LineStyle style)
    {
        bool logY = plot.Axes.Any(a => a.Position == AxisPosition.Left && a is LogarithmicAxis);
        var line = new LineSeries { Title = label, Color = color, StrokeThickness = 2, LineStyle = style };
        for (int i = 0; i < xs.Length; i++)
            line.Points.Add(double.IsFinite(ys[i]) && (!logY || ys[i] > 0) ? new DataPoint(xs[i], ys[i]) : DataPoint.Undefined);
        plot.Series.Add(line);
    }
}
