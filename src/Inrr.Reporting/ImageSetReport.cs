using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;

namespace Inrr.Reporting;

/// <summary>
/// A report over many completed images: the mean measures, one row per image (failures listed with their reason),
/// and side-by-side panels of the images whose pictures were kept. Written by <see cref="ImageSetReportWriter.Write"/>.
/// </summary>
/// <param name="Title">The report's title.</param>
/// <param name="Images">The images, in their order.</param>
public sealed record ImageSetReport(string Title, IReadOnlyList<ImageSetEntry> Images)
{
    /// <summary>Each measure averaged over the evaluated images; null when none was.</summary>
    public MetricSet? Mean { get; init; }

    /// <summary>Further named numbers over the whole set (e.g. ML.NET's regression metrics over all hole pixels).</summary>
    public IReadOnlyList<(string Name, double Value)> SetMetrics { get; init; } = [];

    /// <summary>What was completed and how (the method, its options), shown under the title.</summary>
    public IReadOnlyList<string> Description { get; init; } = [];

    /// <summary>The program that made the run, for the "About this run" list. Default "Inrr.Reporting".</summary>
    public string Producer { get; init; } = "Inrr.Reporting";
}
