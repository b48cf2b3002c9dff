using Inrr.MLNet.Internal;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>Per-image and aggregate quality of a completion run (see <see cref="ImageCompletionEvaluator"/>).</summary>
public sealed class ImageCompletionEvaluation
{
    internal ImageCompletionEvaluation(IReadOnlyList<ImageCompletionScore> images, MetricSet? mean, RegressionMetrics? holePixels)
    {
        Images = images;
        Mean = mean;
        HolePixels = holePixels;
    }

    /// <summary>One score per row, in row order, failed rows included.</summary>
    public IReadOnlyList<ImageCompletionScore> Images { get; }

    /// <summary>Each measure averaged over the evaluated images (the usual way to report a benchmark); null if none was evaluated.</summary>
    public MetricSet? Mean { get; }

    /// <summary>
    /// ML.NET's regression metrics (MAE, MSE, RMSE, R^2) over the hole pixels of all evaluated images pooled, truth as
    /// label and completion as score, values in [0, 1]; null if none was evaluated.
    /// </summary>
    public RegressionMetrics? HolePixels { get; }

    /// <summary>Rows with metrics.</summary>
    public int EvaluatedCount => Images.Count(i => i.Metrics is not null);

    /// <summary>Rows without metrics (see <see cref="ImageCompletionScore.Error"/>).</summary>
    public int FailedCount => Images.Count(i => i.Metrics is null);
}
