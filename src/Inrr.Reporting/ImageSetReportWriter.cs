using System.Globalization;
using System.Text.Json;
using Inrr.Torch.Imaging;
using Inrr.Torch.Metrics;

namespace Inrr.Reporting;

/// <summary>
/// Writes an <see cref="ImageSetReport"/> as a folder: report.html and report.md (the same content), panels.png (one
/// row per image with pictures: masked input, completed, truth, error map), each completed image as a PNG,
/// metrics.csv (one row per image) and metrics.json (per image and the set).
/// </summary>
public static class ImageSetReportWriter
{
    /// <summary>Images shown in panels.png at most (the first ones with pictures); the metrics list every image.</summary>
    public const int MaximumPanelRows = 12;

    /// <summary>Writes the report into <paramref name="folder"/> (created if needed) and returns the HTML page's path.</summary>
    public static string Write(ImageSetReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var images = report.Images;
        int evaluated = images.Count(i => i.Metrics is not null);
        var document = new ReportDocument(report.Title);
        document.Heading("Summary").List(
        [
            .. report.Description,
            $"{images.Count} images: {evaluated} evaluated, {images.Count - evaluated} failed",
        ]);

        if (report.Mean is { } mean)
        {
            var rows = new List<IReadOnlyList<string>> { Cells("mean", mean) };
            document.Table(["", .. MetricColumns.Select(c => c.Name)], rows);
        }
        if (report.SetMetrics.Count > 0)
            document.Table(["over all hole pixels", "value"],
                report.SetMetrics.Select(m => (IReadOnlyList<string>)[m.Name, m.Value.ToString("0.0000", CultureInfo.InvariantCulture)]).ToList());

        var shown = images.Where(i => i.Truth is not null && i.Completed is not null && i.Mask is not null).Take(MaximumPanelRows).ToList();
        if (shown.Count > 0)
        {
            var grid = new PanelGrid($"{report.Title}: {shown.Count} of {images.Count} images",
                ["masked input", "completed", "ground truth", "error |completed - truth|"], "error |completed - truth|");
            // completed-ID.png by each image's id without its extension (b.png -> completed-b.png), the whole id where two share a stem.
            var stems = shown.Select(i => Path.GetFileNameWithoutExtension(i.Id)).ToList();
            foreach (var (image, stem) in shown.Zip(stems))
            {
                string fileId = stem.Length > 0 && stems.Count(s => s == stem) == 1 ? stem : image.Id;
                string caption = image.Metrics is { } m
                    ? string.Create(CultureInfo.InvariantCulture, $"{image.Id}  \u2014  hole PSNR {m.PsnrHoles:F2} dB, hole NMAE {m.NmaeHoles:F4}, {image.Mask!.MissingFraction:P1} missing")
                    : image.Id;
                grid.AddRow(caption, [ReportImages.MaskedView(image.Mask!.Apply(image.Truth!), image.Mask!), image.Completed, image.Truth, ReportImages.ErrorMap(image.Completed!, image.Truth!)]);
                ImageIO.SavePng(image.Completed!, Path.Combine(folder, $"completed-{FileNames.Safe(fileId)}.png"));
            }
            grid.SavePng(Path.Combine(folder, "panels.png"));
            document.Heading("Side by side").Image("panels.png", "side by side",
                "Each row is one image: the masked input (holes in magenta), the completed image, the ground truth and the error map |completed - truth| (black = exact; observed pixels are exact by construction)."
                + (shown.Count < images.Count ? $" The first {shown.Count} images with pictures are shown; completed-ID.png holds each of them." : " completed-ID.png holds each completed image."));
        }

        List<string> header = ["image", .. MetricColumns.Select(c => c.Name), "error"];
        var table = images.Select(i => i.Metrics is { } m
            ? Cells(i.Id, m).Append("").ToList()
            : new[] { i.Id }.Concat(MetricColumns.Select(_ => "")).Append(i.Error ?? "not evaluated").ToList())
            .Select(cells => (IReadOnlyList<string>)cells).ToList();
        document.Heading("Per image").Table(header, table, BestPerColumn(images));
        document.Paragraph("Hole PSNR and hole NMAE measure the filled pixels only: they are the completion quality. Whole-image PSNR and SSIM include the observed pixels. Bold = best of the column. metrics.csv and metrics.json hold the same numbers.");
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.csv"), CsvText.Format(header, table));
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(new
        {
            title = report.Title,
            mean = report.Mean is null ? null : MetricsTable.Named(report.Mean),
            set = report.SetMetrics.ToDictionary(m => m.Name, m => m.Value),
            images = images.Select(i => new { id = i.Id, metrics = i.Metrics is null ? null : MetricsTable.Named(i.Metrics), error = i.Error }),
        }, ReportJson.Metrics));

        document.Heading("About this run").List(
        [
            $"made by: {report.Producer}, report Inrr.Reporting {typeof(ImageSetReportWriter).Assembly.GetName().Version?.ToString(3)}",
            $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            $"written: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}",
            "files: report.md (this report as Markdown), metrics.csv, metrics.json" + (shown.Count > 0 ? ", panels.png, completed-ID.png" : ""),
        ]);
        AtomicFile.WriteAllText(Path.Combine(folder, CompletionReportWriter.MarkdownFile), MarkdownRenderer.Render(document));
        string html = Path.Combine(folder, CompletionReportWriter.HtmlFile);
        AtomicFile.WriteAllText(html, HtmlRenderer.Render(document));
        return html;
    }

    /// <summary>The per-image columns: (name, value, format, higher is better).</summary>
    private static readonly (string Name, Func<MetricSet, double> Value, string Format, bool HigherIsBetter)[] MetricColumns =
    [
        ("hole PSNR (dB)", m => m.PsnrHoles, "0.00", true),
        ("hole NMAE", m => m.NmaeHoles, "0.0000", false),
        ("PSNR (dB)", m => m.Psnr, "0.00", true),
        ("SSIM", m => m.Ssim, "0.0000", true),
    ];

    private static IReadOnlyList<string> Cells(string label, MetricSet metrics) =>
        [label, .. MetricColumns.Select(c => c.Value(metrics).ToString(c.Format, CultureInfo.InvariantCulture))];

    private static HashSet<(int Row, int Column)> BestPerColumn(IReadOnlyList<ImageSetEntry> images)
    {
        var best = new HashSet<(int, int)>();
        var evaluated = images.Select((image, row) => (image.Metrics, row)).Where(e => e.Metrics is not null).ToList();
        if (evaluated.Count < 2) return best;
        for (int c = 0; c < MetricColumns.Length; c++)
        {
            var column = MetricColumns[c];
            double target = column.HigherIsBetter ? evaluated.Max(e => column.Value(e.Metrics!)) : evaluated.Min(e => column.Value(e.Metrics!));
            foreach (var (metrics, row) in evaluated)
                if (column.Value(metrics!) == target) best.Add((row, c + 1));
        }
        return best;
    }
}
