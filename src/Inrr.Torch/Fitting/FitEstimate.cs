using System.Globalization;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>
/// What a fit will take before it starts: peak memory and time, from the picture's size and the options (network,
/// steps). Measured on the project's machine (docs/benchmarks.md, "Cost against size"): memory is a fixed part (the
/// runtime and libtorch) plus the activations kept for backpropagation, linear in the pixels and in the network's
/// widths; time is linear in pixels x steps x the network's multiply-adds. <see cref="CompletionFitter"/> refuses a
/// fit whose memory exceeds the limit (by default what the machine has available) with a
/// <see cref="FitTooLargeException"/> that names the largest size that fits, instead of being killed by the kernel
/// half-way (a 4000 x 4000 photo needs about 120 GB).
/// </summary>
/// <param name="PeakBytes">Expected peak resident memory of the process during the fit.</param>
/// <param name="Duration">Expected wall time on 2 threads of the project's 2-core machine (a guide, not a promise).</param>
/// <param name="Steps">The steps the fit runs and reports (<see cref="CompletionOptions.StepsFor"/>; the refit's aside).</param>
public sealed record FitEstimate(long PeakBytes, TimeSpan Duration, int Steps)
{
    /// <summary>The runtime, libtorch and the engine before any picture (measured: 175-185 MiB), rounded up.</summary>
    public const long FixedBytes = 200L << 20;

    /// <summary>Bytes per pixel per activation unit (measured: 14.5 for the paper's SIREN 5x256, 16.9 for Fast's 4x128), rounded up.</summary>
    public const double BytesPerPixelUnit = 17;

    /// <summary>Images of the picture's size the fit keeps besides the network (observed, mask, fills, blend, renders), in floats per pixel and channel.</summary>
    private const double ImageFloatsPerPixelChannel = 24;

    /// <summary>Seconds per multiply-add per pixel and step, forward and backward, 2 threads (measured: 56-62 ps).</summary>
    private const double SecondsPerMultiplyAdd = 62e-12;

    /// <summary>The estimate for a <paramref name="height"/> x <paramref name="width"/> picture of <paramref name="channels"/> channels.</summary>
    public static FitEstimate For(CompletionOptions options, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (options.Method == CompletionMethod.Network && options.Windows is { } windows && windows.Applies(height, width))
        {
            // In windows: memory is that of the window fits running at once and the picture; without the mask the time
            // is that of the most windows the picture can have (every cell a hole), an upper bound.
            int cells = ((height + windows.CoreSize - 1) / windows.CoreSize) * ((width + windows.CoreSize - 1) / windows.CoreSize);
            var one = WindowedCompletion.Estimate(options, channels, [new PixelRect(0, 0, Math.Min(width, windows.Size), Math.Min(height, windows.Size))], height, width);
            return one with { Duration = one.Duration * cells };
        }
        return WholePicture(options, channels, height, width);
    }

    /// <summary>
    /// The estimate for completing a picture with holes <paramref name="mask"/>: for a picture completed in windows
    /// (<see cref="CompletionOptions.Windows"/>) it counts the windows its holes need; else <see cref="For(CompletionOptions, int, int, int)"/>.
    /// </summary>
    public static FitEstimate For(CompletionOptions options, int channels, Mask mask)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (options.Method == CompletionMethod.Network && options.Windows is { } windows && windows.Applies(mask.Height, mask.Width))
            return WindowedCompletion.Estimate(options, channels, WindowPlan.For(mask, windows).Windows.Select(w => w.Bounds).ToList(), mask.Height, mask.Width);
        return For(options, channels, mask.Height, mask.Width);
    }

    /// <summary>The estimate of one fit of the whole picture (no windows).</summary>
    internal static FitEstimate WholePicture(CompletionOptions options, int channels, int height, int width)
    {
        double pixels = (double)height * width;
        double images = pixels * channels * ImageFloatsPerPixelChannel * sizeof(float);
        if (options.Method != CompletionMethod.Network)
            return new FitEstimate(FixedBytes + (long)images, TimeSpan.FromSeconds(pixels * 2e-7), 0);
        var sized = options.ForSize(height, width);
        var (units, multiplyAdds) = sized.Representation.CostPerPixel(channels, height, width);
        double activations = pixels * units * BytesPerPixelUnit;
        // Coarse steps run on a grid CoarseFactor^2 times smaller; the refit's are full-grid steps.
        double coarse = sized.CoarseSteps, full = sized.Steps - coarse + sized.RefitSteps;
        double stepEquivalents = full + coarse / (sized.CoarseFactor * sized.CoarseFactor);
        double seconds = stepEquivalents * pixels * multiplyAdds * SecondsPerMultiplyAdd;
        return new FitEstimate(FixedBytes + (long)(activations + images), TimeSpan.FromSeconds(seconds), options.StepsFor(height, width));
    }

    /// <summary>
    /// The memory a new fit may use: what the operating system reports available (Linux: MemAvailable, which
    /// counts reclaimable caches), within the process's container limit; else what the .NET runtime sees.
    /// </summary>
    public static long AvailableMemoryBytes()
    {
        long runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes; // the container's limit where there is one
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    long kib = long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return Math.Min(kib * 1024, runtime) + CurrentProcessBytes();
                }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // not Linux, or no /proc: the runtime's view below
        }
        return runtime;
    }

    /// <summary>What this process holds already (it counts towards the peak, which includes the fixed part).</summary>
    private static long CurrentProcessBytes()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>
    /// The estimate for the picture (<see cref="For(CompletionOptions, int, int, int)"/>), or a <see cref="FitTooLargeException"/> when its peak exceeds
    /// <paramref name="limitBytes"/> (0 = what the machine has available now), naming the largest picture of the same
    /// shape that fits.
    /// </summary>
    public static FitEstimate EnsureFits(CompletionOptions options, int channels, int height, int width, long limitBytes = 0) =>
        EnsureFits(options, channels, height, width, For(options, channels, height, width), limitBytes);

    /// <summary>The estimate for the picture with holes <paramref name="mask"/> (<see cref="For(CompletionOptions, int, Mask)"/>), or a <see cref="FitTooLargeException"/> as above.</summary>
    public static FitEstimate EnsureFits(CompletionOptions options, int channels, Mask mask, long limitBytes = 0) =>
        EnsureFits(options, channels, mask.Height, mask.Width, For(options, channels, mask), limitBytes);

    private static FitEstimate EnsureFits(CompletionOptions options, int channels, int height, int width, FitEstimate estimate, long limitBytes)
    {
        long limit = limitBytes > 0 ? limitBytes : AvailableMemoryBytes();
        if (estimate.PeakBytes <= limit) return estimate;
        // The largest size of the same aspect ratio whose estimate fits (memory grows with the pixels).
        double scale = 1;
        for (int i = 0; i < 40 && For(options, channels, Math.Max(1, (int)(height * scale)), Math.Max(1, (int)(width * scale))).PeakBytes > limit; i++)
            scale *= 0.9;
        int fitsHeight = Math.Max(1, (int)(height * scale)), fitsWidth = Math.Max(1, (int)(width * scale));
        throw new FitTooLargeException(estimate, limit, height, width, fitsHeight, fitsWidth);
    }

    /// <summary>Bytes as people read them: 704 MB, 8.1 GB.</summary>
    public static string Format(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0} MB");
}
