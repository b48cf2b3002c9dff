using System.Globalization;
using Inrr.Cli.Specs;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Spectre.Console;

namespace Inrr.Cli.Fitting;

/// <summary>
/// What the fits of a command will take, checked before they start (and, with <c>--size</c>, before the picture is
/// even decoded and resized): a fit that needs more memory than available (or <c>--max-memory</c>) is refused with
/// the <c>--size</c> that fits; a long one is announced with its estimate.
/// </summary>
internal static class FitPlan
{
    /// <summary>Runs estimated longer than this are announced.</summary>
    public static readonly TimeSpan LongRun = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Loads the picture, mask and truth of <paramref name="settings"/> for <paramref name="methods"/>, with every check
    /// around it: the memory estimate before decoding (with --size) and after, and notes on a resized mask file and on
    /// dropped alpha.
    /// </summary>
    public static ReportInput Load(Settings.MaskedImageSettings settings, IReadOnlyList<MethodRun> methods, IAnsiConsole console)
    {
        if (settings.WorkingSize is { } size) Check(methods, settings.Color.Channels(), size.Height, size.Width); // before decoding
        var maskSpec = settings.MaskSpec;
        var input = InputLoader.Load(settings.Image, maskSpec, settings.MaskRule, settings.Truth, settings.WorkingSize, settings.Color);
        if (InputLoader.DescribeResize(maskSpec, settings.MaskRule, input.Mask) is { } resized) console.MarkupLine(Markup.Escape(resized));
        if (InputLoader.DescribeDroppedAlpha(settings.Image, maskSpec) is { } dropped) console.MarkupLine("[yellow]note:[/] " + Markup.Escape(dropped));
        Check(methods, input.Observed.Channels, input.Observed.Height, input.Observed.Width, console, input.Mask);
        return input;
    }

    /// <summary>
    /// Checks every method at <paramref name="height"/> x <paramref name="width"/>; prints a note for long runs when given a
    /// console. With the <paramref name="mask"/>, a picture completed in windows is estimated by the windows its holes need
    /// (without it, by the most it can need).
    /// </summary>
    /// <exception cref="InputException">A method would need more memory than it may use (names <c>--size</c>).</exception>
    public static void Check(IEnumerable<MethodRun> methods, int channels, int height, int width, IAnsiConsole? console = null, Inrr.Torch.Masks.Mask? mask = null)
    {
        var total = TimeSpan.Zero;
        long peak = 0;
        foreach (var method in methods)
        {
            FitEstimate estimate;
            try
            {
                estimate = mask is null
                    ? FitEstimate.EnsureFits(method.Options, channels, height, width, method.Options.MemoryLimitBytes)
                    : FitEstimate.EnsureFits(method.Options, channels, mask, method.Options.MemoryLimitBytes);
            }
            catch (FitTooLargeException e)
            {
                throw new InputException("--size", $"{method.Label}: {e.Message} Try --size {new SizeSpec(e.FitsWidth, e.FitsHeight)}.", e);
            }
            total += estimate.Duration;
            peak = Math.Max(peak, estimate.PeakBytes);
        }
        if (console is not null && total > LongRun)
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[yellow]note:[/] a long run: about {total.TotalMinutes:0} min on 2 threads of a 2-core machine (estimate), peak memory about {FitEstimate.Format(peak)}. --size makes it shorter."));
    }
}
