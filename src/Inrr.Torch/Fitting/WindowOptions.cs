using System.Text.Json.Serialization;

namespace Inrr.Torch.Fitting;

/// <summary>
/// How a picture larger than one window is completed: only around its holes, in windows at native resolution
/// (<see cref="CompletionOptions.Windows"/>). The picture is cut into cores of side <see cref="Size"/> - 2 x
/// <see cref="Margin"/>; every core with a hole gets a window: the holes of the core (and of the feathering band
/// around it) with <see cref="Margin"/> pixels of context on every side, at most <see cref="Size"/> x <see cref="Size"/>.
/// Each window is fitted with the completion's options (its prior, held-out blend and refit work per window), and only
/// its hole pixels are written back, blended over <see cref="Overlap"/> pixels where neighbouring windows meet, so no
/// seam shows. Observed pixels are returned as given. A picture that is all holes tiles the whole frame: the same path,
/// cost linear in the area, memory that of one window. Why these defaults: docs/benchmarks.md, "Native resolution".
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WindowOptions
{
    /// <summary>The default <see cref="Size"/>.</summary>
    public const int DefaultSize = 256;

    /// <summary>The default <see cref="Margin"/>.</summary>
    public const int DefaultMargin = 32;

    /// <summary>The default <see cref="Overlap"/>.</summary>
    public const int DefaultOverlap = 16;

    /// <summary>
    /// The longest side of a window, in pixels (default 256). A picture whose sides are both at most this is fitted
    /// whole. Every window gets the steps a picture of Size x Size gets (<see cref="CompletionOptions.ForSize"/>), however
    /// much of it its holes need: a window is a cut of a larger picture, not a small picture.
    /// </summary>
    public int Size { get; init; } = DefaultSize;

    /// <summary>Context around every hole pixel, in pixels, inside the picture (default 32): what the window's network and classical fills see of the surroundings.</summary>
    public int Margin { get; init; } = DefaultMargin;

    /// <summary>The width of the band, in pixels, over which the fills of two neighbouring windows are blended (default 16; 0: a hard edge; at most 2 x <see cref="Margin"/>).</summary>
    public int Overlap { get; init; } = DefaultOverlap;

    /// <summary>Windows of one size fitted together in one batched fit (<see cref="BatchCompletionFitter"/>; default 1, each window alone).</summary>
    public int PicturesPerFit { get; init; } = 1;

    /// <summary>
    /// Windows fitted at the same time, each on <see cref="CompletionOptions.Threads"/> threads (default 0: as many as
    /// the cores hold, the cores divided by the threads of one fit). The pixels do not depend on it.
    /// </summary>
    public int ConcurrentFits { get; init; }

    /// <summary>The default <see cref="NetworkCutoff"/>.</summary>
    public const double DefaultNetworkCutoff = 2;

    /// <summary>
    /// Where the network's steps pay: after the coarse steps, a window whose network predicts its held-out pixels worse
    /// than this many times the best classical fill does stops there, without the full-grid steps and the refit, and its
    /// blend leans on the fills (<see cref="StopReason.GaveWayToFills"/>; default 2; 0: every window runs every step).
    /// Needs held-out pixels and a classical guide; it changes nothing without them.
    /// </summary>
    public double NetworkCutoff { get; init; } = DefaultNetworkCutoff;

    /// <summary>The side of a core: the stride of the window grid.</summary>
    [JsonIgnore]
    public int CoreSize => Size - 2 * Margin;

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (Size < 32) throw new ArgumentOutOfRangeException(nameof(Size), Size, "Windows.Size must be at least 32 pixels.");
        if (Margin < 0) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "Windows.Margin must be 0 or more.");
        if (Size - 2 * Margin < 16)
            throw new ArgumentOutOfRangeException(nameof(Margin), Margin, $"Windows.Margin must leave a core of at least 16 pixels: at most {(Size - 16) / 2} for Size {Size}.");
        if (Overlap < 0 || Overlap > 2 * Margin || Overlap >= Size - 2 * Margin)
            throw new ArgumentOutOfRangeException(nameof(Overlap), Overlap, $"Windows.Overlap must be in [0, {Math.Min(2 * Margin, Size - 2 * Margin - 1)}] (at most twice the margin, less than the core).");
        if (PicturesPerFit < 1) throw new ArgumentOutOfRangeException(nameof(PicturesPerFit), PicturesPerFit, "Windows.PicturesPerFit must be at least 1.");
        if (!(NetworkCutoff >= 0) || double.IsInfinity(NetworkCutoff)) throw new ArgumentOutOfRangeException(nameof(NetworkCutoff), NetworkCutoff, "Windows.NetworkCutoff must be 0 (off) or positive.");
        if (ConcurrentFits < 0) throw new ArgumentOutOfRangeException(nameof(ConcurrentFits), ConcurrentFits, "Windows.ConcurrentFits must be 0 (as the cores hold) or positive.");
    }

    /// <summary>Whether a <paramref name="height"/> x <paramref name="width"/> picture is completed in windows (a side longer than <see cref="Size"/>).</summary>
    public bool Applies(int height, int width) => height > Size || width > Size;
}
