using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;

namespace Inrr.Reporting;

/// <summary>One image of an evaluated set (e.g. a row of ML.NET's image completion evaluation).</summary>
/// <param name="Id">How the image is named in the report (a file name, a row number).</param>
/// <param name="Metrics">Its measures, or null when it could not be evaluated.</param>
/// <param name="Error">Why it was not evaluated, else null.</param>
public sealed record ImageSetEntry(string Id, MetricSet? Metrics, string? Error)
{
    /// <summary>The clean image, when the pictures are to be shown.</summary>
    public ImageData? Truth { get; init; }

    /// <summary>The completed image, when the pictures are to be shown.</summary>
    public ImageData? Completed { get; init; }

    /// <summary>The mask (1 observed, 0 hole), when the pictures are to be shown.</summary>
    public Mask? Mask { get; init; }
}

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
