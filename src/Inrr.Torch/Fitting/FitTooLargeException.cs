using System.Globalization;

namespace Inrr.Torch.Fitting;

/// <summary>A fit that would need more memory than allowed: refused before it starts (see <see cref="FitEstimate"/>).</summary>
public sealed class FitTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public FitTooLargeException(FitEstimate estimate, long limitBytes, int height, int width, int fitsHeight, int fitsWidth)
        : base($"a {width}x{height} picture needs about {FitEstimate.Format(estimate.PeakBytes)} of memory to fit with these options, " +
               $"{FitEstimate.Format(limitBytes)} are available (or allowed); {fitsWidth}x{fitsHeight} fits: resize the picture to that size, " +
               "use a smaller network, or allow more memory (MemoryLimitBytes).")
    {
        Estimate = estimate;
        LimitBytes = limitBytes;
        FitsHeight = fitsHeight;
        FitsWidth = fitsWidth;
    }

    /// <summary>What the fit would need.</summary>
    public FitEstimate Estimate { get; }

    /// <summary>The memory it may use.</summary>
    public long LimitBytes { get; }

    /// <summary>Height of the largest picture of the same aspect ratio that fits.</summary>
    public int FitsHeight { get; }

    /// <summary>Width of the largest picture of the same aspect ratio that fits.</summary>
    public int FitsWidth { get; }
}
