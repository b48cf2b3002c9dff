using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Reporting;

/// <summary>
/// Writes a run's report folder: <c>report.html</c> and <c>report.md</c> (same content), the pictures they
/// show, the metrics as CSV and JSON (with every logged step) and each method's options as JSON (what
/// <c>--options</c> reads). Every file is written atomically.
/// </summary>
public static class CompletionReportWriter
{
    /// <summary>The page a person opens.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>The same report as Markdown.</summary>
    public const string MarkdownFile = "report.md";


    /// <summary>Writes the report into <paramref name="folder"/> (created if needed) and returns the HTML page's path.</summary>
    public static string Write(CompletionReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var input = report.Input;
        var outcomes = report.Outcomes;
        bool withTruth = input.Truth is not null;
        var document = new ReportDocument(report.Title);

        if (report.Reproduce.Count > 0)
        {
            document.Heading("Reproduce");
            foreach (var (caption, command) in report.Reproduce) document.Paragraph(caption).Code(command);
        }

        document.Heading("Input").List(
        [
            $"image: {input.Name}, {input.Observed.Width}x{input.Observed.Height} (width x height), {(input.Observed.Channels == 1 ? "gray" : "RGB")}",
            string.Create(CultureInfo.InvariantCulture, $"mask: {(report.MaskDescription is { } given ? given + "; " : "")}{input.Mask.MissingCount} of {input.Mask.Values.Length} pixels missing ({input.Mask.MissingFraction:P1})"),
            $"ground truth: {input.TruthSource}",
            .. outcomes.Select(o => $"{o.Label}: {o.Result.Options.Describe()}"),
        ]);

        ImageIO.SavePng(ReportImages.MaskedView(input.Observed, input.Mask), Path.Combine(folder, "masked.png"));
        ImageIO.SavePng(MaskImage(input.Mask), Path.Combine(folder, "mask.png"));
        if (input.Truth is not null) ImageIO.SavePng(input.Truth, Path.Combine(folder, "truth.png"));
        foreach (var outcome in outcomes)
        {
            string name = FileNames.Safe(outcome.Label);
            ImageIO.SavePng(outcome.Result.Completed, Path.Combine(folder, $"completed-{name}.png"));
            if (input.Truth is not null)
                ImageIO.SavePng(ReportImages.ErrorMap(outcome.Result.Completed, input.Truth), Path.Combine(folder, $"error-{name}.png"));
            AtomicFile.WriteAllText(Path.Combine(folder, $"options-{name}.json"), outcome.Result.Options.ToJson());
        }

        WritePanels(report, Path.Combine(folder, "panels.png"));
        document.Heading("Side by side").Image("panels.png", "side by side", withTruth
            ? "Each row is one method: the masked input (holes in magenta), the completed image (observed pixels kept, holes filled), the ground truth and the error map |completed - truth| (black = exact; observed pixels are exact by construction)."
            : "Each row is one method: the masked input (holes in magenta) and the completed image. No ground truth was given, so there is no error map.");
        document.Paragraph("Full-size files: masked.png, mask.png (white = observed)" + (withTruth ? ", truth.png" : "")
            + ", and per method completed-METHOD.png" + (withTruth ? ", error-METHOD.png" : "") + ".");

        var table = MetricsTable.For(outcomes);
        document.Heading("Metrics").Table(table.Header, table.Rows, table.Best);
        document.Paragraph(withTruth
            ? "Hole PSNR and hole NMAE measure the filled pixels only: they are the completion quality. Whole-image PSNR and SSIM include the observed pixels, which are copied from the input. Bold = best of the column. metrics.csv and metrics.json hold the same numbers; metrics.json also every logged step."
            : "Without a ground truth only the fit itself can be reported: the final loss and the mean squared error over the observed pixels.");
        if (outcomes.Any(o => o.Metrics is { } m && double.IsNaN(m.Ssim)))
            document.Paragraph("SSIM is NaN: skipped, its 11 x 11 window does not fit a picture this small; the other measures are complete.");
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.csv"), CsvText.Format(table.Header, table.Rows));
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), MetricsJson(report));

        document.Heading("Curves");
        bool lossCurves = CurvePlots.SaveLossCurves(outcomes, Path.Combine(folder, "loss.png"));
        var coarse = outcomes.Select(o => o.Result.Options).FirstOrDefault(o => o.CoarseSteps > 0);
        string coarseText = coarse is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $" A dotted line marks where coarse-to-fine (here the first {coarse.CoarseFraction:P0} of the steps on a {coarse.CoarseFactor}x coarser grid) moves to the full grid; the losses jump there because the coarse grid had averaged the detail away.");
        if (lossCurves)
            document.Image("loss.png", "loss terms", "Loss terms per step (log scale), one panel per fitted method (the classical fills run no steps): the total, the data term (squared error on observed pixels averaged over all pixels) and each regulariser's weighted term." + coarseText);
        var blended = outcomes.Where(o => o.Result.Blend is not null).ToList();
        if (blended.Count > 0)
            document.Paragraph("Held-out blend of the guided methods (weights of the hole fill, fitted on held-out observed pixels shaped like the holes; " +
                "then how much lower its mean absolute error is than the best classical fill's alone, on held-out pixels it was not fitted on, " +
                "in grey levels of 0-255 with its standard error: near zero or below means the classical fill alone would do as well here): " +
                string.Join("; ", blended.Select(o => string.Create(CultureInfo.InvariantCulture,
                    $"{o.Label}: network {o.Result.Blend!.Network:F2}, Navier-Stokes {o.Result.Blend.NavierStokes:F2}, Telea {o.Result.Blend.Telea:F2}, frequency-selective {o.Result.Blend.FrequencySelective:F2}, low-rank {o.Result.Blend.LowRank:F2} (rank {o.Result.Blend.LowRankRank}){(o.Result.Blend.Strata > 1 ? $", averaged over {o.Result.Blend.Strata} activity groups with weights of their own" : "")}, " +
                    $"gain {(o.Result.Blend.CrossCheckedGain >= 0 ? "+" : "")}{255 * o.Result.Blend.CrossCheckedGain:F2} +- {255 * o.Result.Blend.CrossCheckedGainError:F2}{(o.Result.Blend.Gated ? " (too uncertain: the classical fill alone)" : "")}"))) + ".");
        if (CurvePlots.SaveHoleMetrics(outcomes, Path.Combine(folder, "holes.png")))
            document.Image("holes.png", "hole PSNR and NMAE", "Quality of the holes per step. A curve that peaks and then falls is over-fitting: the network starts reproducing noise of the observed pixels in the holes.");
        if (CurvePlots.SaveTrajectory(outcomes, Path.Combine(folder, "trajectory.png")))
            document.Image("trajectory.png", "trajectory", "The paper's trajectory plot: each path runs from the first logged step on the full grid (circle; coarse-to-fine steps before it are left out) to the last (square). Moving left = the observed pixels are fitted better; moving down = the holes get better. A path that turns upwards is fitting the observed pixels at the expense of the holes.");

        var adjacencies = outcomes.SelectMany(o => o.Result.Adjacency.Select(a => (o.Label, Snapshot: a))).ToList();
        if (adjacencies.Count > 0)
        {
            document.Heading("Learned adjacency");
            foreach (var (label, snapshot) in adjacencies)
            {
                string file = $"adjacency-{FileNames.Safe(label)}-{FileNames.Safe(snapshot.Regularizer)}.png";
                AdjacencyPlots.Save(label, snapshot, Path.Combine(folder, file));
                document.Image(file, $"{label} adjacency", $"{label}: adjacency of the {snapshot.Regularizer} regulariser between rows (left) and columns (right). Bright cell (i, j) = rows (columns) i and j are pulled together. A band along the diagonal is local smoothness; bright cells away from it link similar rows far apart (self-similarity).");
            }
        }

        document.Heading("About this run").List(
        [
            $"made by: {report.Producer}, report Inrr.Reporting {typeof(CompletionReportWriter).Assembly.GetName().Version?.ToString(3)}, engine Inrr.Torch {typeof(Torch.Fitting.CompletionFitter).Assembly.GetName().Version?.ToString(3)}",
            $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, allocator: {Torch.Runtime.TorchRuntime.AllocatorDescription}",
            $"written: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}",
            "files: report.md (this report as Markdown), metrics.csv, metrics.json, options-METHOD.json (each method's complete options as JSON: the CLI's --options reads them back)",
        ]);

        AtomicFile.WriteAllText(Path.Combine(folder, MarkdownFile), MarkdownRenderer.Render(document));
        string html = Path.Combine(folder, HtmlFile);
        AtomicFile.WriteAllText(html, HtmlRenderer.Render(document));
        return html;
    }

    private static void WritePanels(CompletionReport report, string path)
    {
        var input = report.Input;
        var masked = ReportImages.MaskedView(input.Observed, input.Mask);
        var columns = input.Truth is null
            ? new[] { "masked input", "completed" }
            : new[] { "masked input", "completed", "ground truth", "error |completed - truth|" };
        var grid = new PanelGrid(
            string.Create(CultureInfo.InvariantCulture, $"{input.Name}: {input.Mask.MissingFraction:P1} of the pixels missing"),
            columns, input.Truth is null ? null : "error |completed - truth|");
        foreach (var outcome in report.Outcomes)
        {
            string caption = outcome.Metrics is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Label}  \u2014  hole PSNR {m.PsnrHoles:F2} dB, hole NMAE {m.NmaeHoles:F4}")
                : outcome.Label;
            grid.AddRow(caption, input.Truth is null
                ? [masked, outcome.Result.Completed]
                : [masked, outcome.Result.Completed, input.Truth, ReportImages.ErrorMap(outcome.Result.Completed, input.Truth)]);
        }
        grid.SavePng(path);
    }

    private static ImageData MaskImage(Mask mask) => new(1, mask.Height, mask.Width, (float[])mask.Values.Clone());

    private static string MetricsJson(CompletionReport report)
    {
        var input = report.Input;
        var document = new
        {
            title = report.Title,
            command = report.Reproduce.Count > 0 ? report.Reproduce[0].Command : null, // the first reproducing command
            reproduce = report.Reproduce.Select(r => r.Command),
            input = new
            {
                name = input.Name,
                width = input.Observed.Width,
                height = input.Observed.Height,
                channels = input.Observed.Channels,
                mask = report.MaskDescription,
                missing_fraction = input.Mask.MissingFraction,
                truth = input.TruthSource,
            },
            methods = report.Outcomes.Select(o => new
            {
                label = o.Label,
                description = o.Result.Options.Describe(),
                options = JsonDocument.Parse(o.Result.Options.ToJson()).RootElement,
                steps_run = o.Result.StepsRun,
                seconds = o.Result.Elapsed.TotalSeconds,
                ms_per_step = o.Result.TimePerStep.TotalMilliseconds,
                metrics = o.Metrics is null ? null : MetricsTable.Named(o.Metrics),
                history = o.Result.History.Select(h => new
                {
                    step = h.Step,
                    loss = h.Loss,
                    data_loss = h.DataLoss,
                    observed_mse = h.ObservedMse,
                    regularizers = h.RegularizerLosses,
                    metrics = h.Metrics is null ? null : MetricsTable.Named(h.Metrics),
                    seconds = h.Elapsed.TotalSeconds,
                }),
            }),
        };
        return JsonSerializer.Serialize(document, ReportJson.Metrics);
    }
}
