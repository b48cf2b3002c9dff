using OxyPlot;
using OxyPlot.Legends;
using SkiaSharp;

namespace Inrr.Reporting;

/// <summary>
/// Looks shared by every picture of a report: the font, one colour per method (the same in every plot), the
/// colour map, and how plots are laid out on one PNG. Plots are OxyPlot models rendered by OxyPlot.SkiaSharp on
/// SkiaSharp 2.88, the SkiaSharp ML.NET's ImageAnalytics needs, so a report can be written in the same process as
/// an ML.NET pipeline.
/// </summary>
internal static class ReportStyle
{
    /// <summary>Sans-serif families tried in order; the first one installed is used for all text.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans", "Open Sans"];

    private static readonly Lazy<string> FontFamilyName = new(() =>
    {
        var installed = SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains) ?? SKTypeface.Default.FamilyName;
    });

    /// <summary>The font family all report text uses (Skia's default on Linux can be a serif face).</summary>
    public static string FontFamily => FontFamilyName.Value;

    /// <summary>Category10, like most plotting tools: method i keeps colour i in every plot.</summary>
    private static readonly OxyColor[] Category10 =
    [
        OxyColor.FromRgb(0x1f, 0x77, 0xb4), OxyColor.FromRgb(0xff, 0x7f, 0x0e), OxyColor.FromRgb(0x2c, 0xa0, 0x2c),
        OxyColor.FromRgb(0xd6, 0x27, 0x28), OxyColor.FromRgb(0x94, 0x67, 0xbd), OxyColor.FromRgb(0x8c, 0x56, 0x4b),
        OxyColor.FromRgb(0xe3, 0x77, 0xc2), OxyColor.FromRgb(0x7f, 0x7f, 0x7f), OxyColor.FromRgb(0xbc, 0xbd, 0x22),
        OxyColor.FromRgb(0x17, 0xbe, 0xcf),
    ];

    /// <summary>The colour of method number <paramref name="index"/>.</summary>
    public static OxyColor MethodColor(int index) => Category10[index % Category10.Length];

    /// <summary>
    /// Holes in "masked input" pictures: a saturated magenta, which natural and gray pictures hardly contain,
    /// so a hole is never mistaken for a dark pixel.
    /// </summary>
    public static (float R, float G, float B) HoleColor => (1f, 0f, 1f);

    /// <summary>The colour map of error maps and adjacency heat maps: perceptually uniform (Inferno), dark = small.</summary>
    public static OxyPalette Colormap { get; } = OxyPalettes.Inferno(256);

    /// <summary>The colour map at <paramref name="fraction"/> in [0, 1].</summary>
    public static OxyColor ColormapColor(double fraction)
    {
        var colors = Colormap.Colors;
        return colors[(int)Math.Round(Math.Clamp(fraction, 0, 1) * (colors.Count - 1))];
    }

    /// <summary>A new plot with the report's font and title.</summary>
    public static PlotModel NewPlot(string title) => new()
    {
        Title = title,
        TitleFontSize = 15,
        TitleFontWeight = FontWeights.Normal,
        DefaultFont = FontFamily,
        DefaultFontSize = 12,
        Background = OxyColors.White,
        PlotAreaBorderColor = OxyColor.FromRgb(0x99, 0x99, 0x99),
    };

    /// <summary>A legend inside the plot area at <paramref name="position"/>.</summary>
    public static void ShowLegend(PlotModel plot, LegendPosition position) => plot.Legends.Add(new Legend
    {
        LegendPosition = position,
        LegendPlacement = LegendPlacement.Inside,
        LegendBackground = OxyColor.FromAColor(220, OxyColors.White),
        LegendBorder = OxyColor.FromRgb(0xcc, 0xcc, 0xcc),
        LegendFont = FontFamily,
    });

    /// <summary>Renders plots on a grid of <paramref name="rows"/> x <paramref name="columns"/> equal cells and writes one PNG (atomically).</summary>
    public static void SaveGrid(IReadOnlyList<PlotModel> plots, int rows, int columns, int cellWidth, int cellHeight, string path)
    {
        var info = new SKImageInfo(columns * cellWidth, rows * cellHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        // Without text shaping: it would need HarfBuzz's native library, and report labels are plain Latin text.
        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = cellWidth, Height = cellHeight, UseTextShaping = false };
        for (int i = 0; i < plots.Count; i++)
        {
            using var png = new MemoryStream();
            exporter.Export(plots[i], png);
            using var cell = SKBitmap.Decode(png.ToArray());
            surface.Canvas.DrawBitmap(cell, i % columns * cellWidth, i / columns * cellHeight);
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>The advance width of <paramref name="text"/> in <paramref name="font"/> (through a paint: SkiaSharp 2.88's SKFont measures glyphs only).</summary>
    public static float MeasureText(SKFont font, string text)
    {
        using var paint = new SKPaint(font);
        return paint.MeasureText(text);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its baseline at <paramref name="y"/>, aligned at <paramref name="x"/> (SkiaSharp 2.88
    /// aligns through the paint; measuring keeps one call for every alignment).
    /// </summary>
    public static void DrawText(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint paint)
    {
        float width = MeasureText(font, text);
        float left = align switch { SKTextAlign.Center => x - width / 2, SKTextAlign.Right => x - width, _ => x };
        canvas.DrawText(text, left, y, font, paint);
    }
}
