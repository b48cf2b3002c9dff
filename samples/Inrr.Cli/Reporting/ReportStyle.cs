using ScottPlot;
using SkiaSharp;

namespace Inrr.Cli.Reporting;

/// <summary>
/// Looks shared by every picture of a report: the font, one colour per method (the same in every plot), and
/// the colour that marks holes.
/// </summary>
internal static class ReportStyle
{
    /// <summary>Sans-serif families tried in order; the first one installed is used for all text.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans", "Open Sans"];

    private static readonly Lazy<string> FontFamilyName = new(() =>
    {
        var installed = SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        string family = PreferredFonts.FirstOrDefault(installed.Contains) ?? SKTypeface.Default.FamilyName;
        // ScottPlot otherwise takes Skia's default family, which on Linux can be a serif face.
        Fonts.Default = family;
        return family;
    });

    /// <summary>The font family all report text uses (also made ScottPlot's default on first use).</summary>
    public static string FontFamily => FontFamilyName.Value;

    /// <summary>A new ScottPlot plot, created after the report font is set (plots take the default font when built).</summary>
    public static Plot NewPlot()
    {
        _ = FontFamilyName.Value;
        return new Plot();
    }

    /// <summary>Renders plots on a grid of <paramref name="rows"/> x <paramref name="columns"/> equal cells and writes one PNG (atomically).</summary>
    public static void SaveGrid(IReadOnlyList<Plot> plots, int rows, int columns, int cellWidth, int cellHeight, string path)
    {
        // A new Multiplot starts with one plot of its own: start it from ours instead.
        var multiplot = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1)) multiplot.AddPlot(plot);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        var image = multiplot.Render(columns * cellWidth, rows * cellHeight);
        Output.AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
    }

    /// <summary>The colour of method number <paramref name="index"/> (Category10, like most plotting tools).</summary>
    public static Color MethodColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>
    /// Holes in "masked input" pictures: a saturated magenta, which natural and gray pictures hardly contain,
    /// so a hole is never mistaken for a dark pixel.
    /// </summary>
    public static (float R, float G, float B) HoleColor => (1f, 0f, 1f);

    /// <summary>The colour map of error maps and adjacency heat maps: perceptually uniform, dark = small.</summary>
    public static IColormap Colormap => new ScottPlot.Colormaps.Inferno();
}
