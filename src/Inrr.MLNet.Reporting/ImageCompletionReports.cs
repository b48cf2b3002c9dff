using System.Globalization;
using Inrr.Reporting;

namespace Inrr.MLNet;

/// <summary>The report (Inrr.Reporting) of an ML.NET image completion evaluation: the optional Inrr.MLNet.Reporting package.</summary>
public static class ImageCompletionReports
{
    /// <summary>
    /// Writes the evaluation as a report folder: report.html and report.md with the mean measures, ML.NET's
    /// regression metrics over all hole pixels, one row per image (failures with their reason), metrics.csv and
    /// metrics.json; and, for rows evaluated with <see cref="ImageCompletionEvaluator.Options.KeepImages"/>, a
    /// side-by-side panels.png (masked input, completed, truth, error map) and each completed picture.
    /// </summary>
    /// <param name="evaluation">What <c>mlContext.EvaluateImageCompletion</c> returned.</param>
    /// <param name="folder">The report folder (created if needed).</param>
    /// <param name="title">The report's title.</param>
    /// <param name="description">Lines that say what was completed and how (the method, its options), shown first.</param>
    /// <returns>The path of report.html.</returns>
    /// <example>
    /// <code>
    /// var evaluation = mlContext.EvaluateImageCompletion(completed, "Truth", "Completed", "Mask",
    ///     new ImageCompletionEvaluator.Options { ImageIdColumnName = "ImagePath", KeepImages = true });
    /// string html = evaluation.WriteReport("out/report", "my pictures", [$"completion: {options.Describe()}"]);
    /// </code>
    /// </example>
    public static string WriteReport(this ImageCompletionEvaluation evaluation, string folder, string title = "Image completion",
        IReadOnlyList<string>? description = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var images = evaluation.Images.Select(score => new ImageSetEntry(
            score.ImageId is { Length: > 0 } id ? Path.GetFileName(id) is { Length: > 0 } name ? name : id : $"row {score.Row.ToString(CultureInfo.InvariantCulture)}",
            score.Metrics, score.Error)
        {
            Truth = score.Images?.Truth,
            Completed = score.Images?.Completed,
            Mask = score.Images?.Mask,
        }).ToList();
        var setMetrics = new List<(string, double)>();
        if (evaluation.HolePixels is { } pixels)
            setMetrics.AddRange([("MAE", pixels.MeanAbsoluteError), ("MSE", pixels.MeanSquaredError), ("RMSE", pixels.RootMeanSquaredError), ("R^2", pixels.RSquared)]);
        return ImageSetReportWriter.Write(new ImageSetReport(title, images)
        {
            Mean = evaluation.Mean,
            SetMetrics = setMetrics,
            Description = description ?? [],
            Producer = $"Inrr.MLNet {typeof(ImageCompletionEvaluation).Assembly.GetName().Version?.ToString(3)} (ML.NET evaluation)",
        }, folder);
    }
}
