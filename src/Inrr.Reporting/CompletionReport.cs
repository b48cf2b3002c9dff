namespace Inrr.Reporting;

/// <summary>
/// Everything a report shows about one run: one input completed by one or more methods (same input, seed and
/// steps), written by <see cref="CompletionReportWriter.Write"/>.
/// </summary>
/// <param name="Title">The report's title.</param>
/// <param name="Input">The image, mask and truth.</param>
/// <param name="Outcomes">One fit per method.</param>
/// <example>
/// <code>
/// var result = new CompletionFitter(CompletionOptions.Guided).Fit(observed, mask, truth);
/// var report = new CompletionReport("my picture", new ReportInput("photo.png", observed, mask, truth, "photo.png"),
///     [new ReportMethod("default", result, ImageMetrics.Evaluate(result.Completed, truth, mask))]);
/// string html = CompletionReportWriter.Write(report, "out/report");
/// </code>
/// </example>
public sealed record CompletionReport(string Title, ReportInput Input, IReadOnlyList<ReportMethod> Outcomes)
{
    /// <summary>The mask as the user gave it (<c>text:...</c>, a file name, ...); null says only how many pixels are missing.</summary>
    public string? MaskDescription { get; init; }

    /// <summary>
    /// Commands that reproduce the run, each with a sentence saying what it is (the CLI writes its own command line
    /// with every option spelled out); empty for none.
    /// </summary>
    public IReadOnlyList<(string Caption, string Command)> Reproduce { get; init; } = [];

    /// <summary>The program that made the run, for the "About this run" list. Default "Inrr.Reporting".</summary>
    public string Producer { get; init; } = "Inrr.Reporting";
}
