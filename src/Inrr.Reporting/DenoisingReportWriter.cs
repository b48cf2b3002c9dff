using System.Globalization;
using System.Text.Json;
using Inrr.Torch.Imaging;

namespace Inrr.Reporting;

/// <summary>
/// Writes a denoising report folder: <c>report.html</c> / <c>report.md</c>, noisy/clean/denoised pictures, the
/// PSNR/SSIM-per-step curves (where over-fitting to the noise shows), metrics CSV/JSON and each method's options.
/// </summary>
public static class DenoisingReportWriter
{
    /// <summary>Writes the report into <paramref name="folder"/> (created if needed) and returns the HTML page's path.</summary>
    public static string Write(DenoisingReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var clean = report.Clean;
        var document = new ReportDocument(report.Title);
        if (report.Reproduce.Count > 0)
        {
            document.Heading("Reproduce");
            foreach (var (caption, command) in report.Reproduce) document.Paragraph(caption).Code(command);
        }
        var noisyMetrics = clean is null ? null : Torch.Metrics.ImageMetrics.EvaluateWhole(report.Noisy, clean);
        document.Heading("Input").List(
        [
            $"image: {report.Name}, {report.Noisy.Width}x{report.Noisy.Height} (width x height), {(report.Noisy.Channels == 1 ? "gray" : "RGB")}",
            $"noise: {report.NoiseDescription}",
            clean is null ? "clean picture: not known (no quality measures)" : string.Create(CultureInfo.InvariantCulture,
                $"the noisy picture against the clean one: PSNR {noisyMetrics!.Psnr:F2} dB, SSIM {noisyMetrics.Ssim:F4}"),
            .. report.Outcomes.Select(o => $"{o.Label}: {o.Result.Options.Describe()}"),
        ]);

        ImageIO.SavePng(report.Noisy, Path.Combine(folder, "noisy.png"));
        if (clean is not null) ImageIO.SavePng(clean, Path.Combine(folder, "clean.png"));
        var grid = new PanelGrid($"{report.Name}: {report.NoiseDescription}",
            clean is null ? ["noisy", "denoised"] : ["noisy", "denoised", "clean", "error |denoised - clean|"],
            clean is null ? null : "error |denoised - clean|");
        foreach (var outcome in report.Outcomes)
        {
            string name = FileNames.Safe(outcome.Label);
            ImageIO.SavePng(outcome.Result.Completed, Path.Combine(folder, $"denoised-{name}.png"));
            AtomicFile.WriteAllText(Path.Combine(folder, $"options-{name}.json"), outcome.Result.Options.ToJson());
            string caption = outcome.Metrics is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Label}  \u2014  PSNR {m.Psnr:F2} dB, SSIM {m.Ssim:F4}")
                : outcome.Label;
            grid.AddRow(caption, clean is null
                ? [report.Noisy, outcome.Result.Completed]
                : [report.Noisy, outcome.Result.Completed, clean, ReportImages.ErrorMap(outcome.Result.Completed, clean)]);
        }
        grid.SavePng(Path.Combine(folder, "panels.png"));
        document.Heading("Side by side").Image("panels.png", "side by side",
            "Each row is one method: the noisy input, the denoised picture (every pixel replaced by the network's)" +
            (clean is null ? "." : ", the clean picture and the error map (black = exact)."));

        var header = new List<string> { "method", "PSNR (dB)", "SSIM", "chosen step", "best PSNR (dB) at step", "steps", "time (s)" };
        var rows = report.Outcomes.Select(o =>
        {
            var peak = o.Result.History.Where(h => h.Metrics is not null).MaxBy(h => h.Metrics!.Psnr);
            return (IReadOnlyList<string>)
            [
                o.Label,
                F(o.Metrics?.Psnr, "0.00"), F(o.Metrics?.Ssim, "0.0000"),
                (o.Result.BestStep ?? o.Result.StepsRun - 1).ToString(CultureInfo.InvariantCulture),
                peak is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{peak.Metrics!.Psnr:F2} at {peak.Step}"),
                o.Result.StepsRun.ToString(CultureInfo.InvariantCulture),
                o.Result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
            ];
        }).ToList();
        var best = new HashSet<(int, int)>();
        if (clean is not null && report.Outcomes.Count > 0)
        {
            best.Add((IndexOfMax(report.Outcomes, o => o.Metrics!.Psnr), 1));
            best.Add((IndexOfMax(report.Outcomes, o => o.Metrics!.Ssim), 2));
        }
        document.Heading("Metrics").Table(header, rows, best);
        document.Paragraph("PSNR and SSIM of the denoised picture against the clean one, at the step each method chose (its best held-out step when it holds pixels out, else its last). " +
            "\"best PSNR at step\" is the best any logged step reached, which only a run that knows the clean picture can pick: the gap between the two is what stopping at the wrong step costs. Bold = best of the column.");
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.csv"), CsvText.Format(header, rows));
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(new
        {
            title = report.Title,
            noise = report.NoiseDescription,
            noisy = noisyMetrics is null ? null : MetricsTable.Named(noisyMetrics),
            methods = report.Outcomes.Select(o => new
            {
                label = o.Label,
                description = o.Result.Options.Describe(),
                steps_run = o.Result.StepsRun,
                chosen_step = o.Result.BestStep ?? o.Result.StepsRun - 1,
                seconds = o.Result.Elapsed.TotalSeconds,
                metrics = o.Metrics is null ? null : MetricsTable.Named(o.Metrics),
                history = o.Result.History.Select(h => new { step = h.Step, loss = h.Loss, metrics = h.Metrics is null ? null : MetricsTable.Named(h.Metrics) }),
            }),
        }, ReportJson.Metrics));

        if (CurvePlots.SaveWholeImageMetrics(report.Outcomes, Path.Combine(folder, "curves.png")))
            document.Heading("Curves").Image("curves.png", "PSNR and SSIM per step",
                "PSNR and SSIM against the clean picture per logged step; a diamond marks the step each method chose. A curve that rises and then falls is the network learning the noise after the picture: a regulariser that flattens the fall (or a held-out step that stops before it) is what denoising needs.");
        if (CurvePlots.SaveLossCurves(report.Outcomes, Path.Combine(folder, "loss.png")))
            document.Image("loss.png", "loss terms", "Loss terms per step (log scale), one panel per method.");

        document.Heading("About this run").List(
        [
            $"made by: {report.Producer}, report Inrr.Reporting {typeof(DenoisingReportWriter).Assembly.GetName().Version?.ToString(3)}",
            $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, allocator: {Torch.Runtime.TorchRuntime.AllocatorDescription}",
            $"written: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}",
        ]);
        AtomicFile.WriteAllText(Path.Combine(folder, CompletionReportWriter.MarkdownFile), MarkdownRenderer.Render(document));
        string html = Path.Combine(folder, CompletionReportWriter.HtmlFile);
        AtomicFile.WriteAllText(html, HtmlRenderer.Render(document));
        return html;
    }

    private static string F(double? value, string format) => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static int IndexOfMax(IReadOnlyList<ReportMethod> outcomes, Func<ReportMethod, double> value)
    {
        int best = 0;
        for (int i = 1; i < outcomes.Count; i++)
            if (value(outcomes[i]) > value(outcomes[best])) best = i;
        return best;
    }
}
