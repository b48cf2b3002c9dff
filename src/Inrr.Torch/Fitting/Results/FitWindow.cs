using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>One window of a picture completed in windows (<see cref="CompletionResult.Windows"/>).</summary>
/// <param name="Bounds">The pixels the window's fit saw (its holes and their context).</param>
/// <param name="Core">The grid cell whose holes the window fills (blended with its neighbours' fills near the cell's edges).</param>
/// <param name="MissingPixels">Hole pixels inside <see cref="Bounds"/>.</param>
/// <param name="StepsRun">Steps the window's fit ran.</param>
/// <param name="Elapsed">Wall time of the window's fit.</param>
/// <param name="StopReason">Why the window's fit ended.</param>
public sealed record FitWindow(PixelRect Bounds, PixelRect Core, int MissingPixels, int StepsRun, TimeSpan Elapsed, StopReason StopReason);
