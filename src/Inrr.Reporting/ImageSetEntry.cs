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
