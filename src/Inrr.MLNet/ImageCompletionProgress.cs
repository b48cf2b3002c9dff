using Inrr.MLNet.Internal;
using Inrr.Torch.Fitting;
using Microsoft.ML;

namespace Inrr.MLNet;

/// <summary>One report of an <see cref="ImageCompletionMonitor"/>.</summary>
/// <param name="Stage">What happened.</param>
/// <param name="ImageNumber">1-based number of the image within the monitor, in the order its work started.</param>
/// <param name="Fit">The fit's state for <see cref="ImageCompletionStage.Fitting"/> (and the last one for
/// <see cref="ImageCompletionStage.Cancelled"/>), else null.</param>
/// <param name="Elapsed">Time since the image's work started.</param>
/// <param name="Error">Why the row failed, for <see cref="ImageCompletionStage.Failed"/>.</param>
public sealed record ImageCompletionProgress(ImageCompletionStage Stage, int ImageNumber, FitProgress? Fit, TimeSpan Elapsed, string? Error);
