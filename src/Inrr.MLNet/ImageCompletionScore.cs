using Inrr.MLNet.Internal;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>The quality of one row (image) of an evaluation.</summary>
/// <param name="Row">0-based row index in the evaluated data.</param>
/// <param name="ImageId">The row's value of the id column, when one was named.</param>
/// <param name="Metrics">The engine's measures (PSNR whole and holes, hole NMAE, RMSE, SSIM), or null when the row failed.</param>
/// <param name="HolePixels">Missing pixels of the mask (per channel).</param>
/// <param name="Error">Why the row was not evaluated (failed completion, no image, mask without holes), else null.</param>
public sealed record ImageCompletionScore(long Row, string? ImageId, MetricSet? Metrics, int HolePixels, string? Error)
{
    /// <summary>The row's pictures in [0, 1] (planar), with <see cref="ImageCompletionEvaluator.Options.KeepImages"/>; else null.</summary>
    public ImageCompletionImages? Images { get; init; }
}
