using Inrr.Torch.Metrics;

namespace Inrr.Torch.Fitting;

/// <summary>The state of a fit at one logged step (a history entry and what <see cref="IProgress{T}"/> receives).</summary>
/// <param name="Step">Step index, from 0.</param>
/// <param name="TotalSteps">Steps the fit will run.</param>
/// <param name="Loss">Total loss (data term plus active regularisers).</param>
/// <param name="DataLoss">Data term: mean over all pixels of the squared error on observed pixels.</param>
/// <param name="ObservedMse">Mean squared error over the observed pixels alone.</param>
/// <param name="RegularizerLosses">Weighted loss of each regulariser by name (0 before it is switched on).</param>
/// <param name="Metrics">Quality against the ground truth, when one was given, of the full-grid estimate: the raw network output (as the reference measures it), or its moving average when <see cref="CompletionOptions.OutputAveraging"/> is on.</param>
/// <param name="Elapsed">Wall time since the fit started.</param>
/// <param name="RawMetrics">Quality of the raw network output at this step, when it differs from the estimate
/// <paramref name="Metrics"/> measures (output averaging on, or a coarse step) and a ground truth was given.</param>
public sealed record FitProgress(
    int Step,
    int TotalSteps,
    double Loss,
    double DataLoss,
    double ObservedMse,
    IReadOnlyDictionary<string, double> RegularizerLosses,
    MetricSet? Metrics,
    TimeSpan Elapsed,
    MetricSet? RawMetrics = null)
{
    /// <summary>For a picture completed in windows (<see cref="CompletionOptions.Windows"/>): the window this step is of, from 0 (<see cref="Step"/> counts within it).</summary>
    public int WindowIndex { get; init; }

    /// <summary>For a picture completed in windows: how many windows it has; 0 for a fit of the whole picture.</summary>
    public int WindowCount { get; init; }
}
