using Inrr.Torch.Imaging;
using SkiaSharp;

namespace Inrr.Reporting;

/// <summary>
/// The side-by-side picture: a title, column headings, then one row of equally sized panels per method, each
/// row with its caption, and an optional colour bar for the error maps. Small images are enlarged with
/// nearest-neighbour sampling (pixels stay sharp squares, so holes and errors are seen pixel for pixel);
/// large ones are reduced to keep the picture a readable size.
/// </summary>
internal sealed class PanelGrid
{
    /// <summary>A panel's long side is enlarged to at least this many pixels.</summary>
    private const int MinimumPanelSide = 240;

    /// <summary>A panel's long side is reduced to at most this many pixels.</summary>
    private const int MaximumPanelSide = 480;

    private const float Margin = 16, Gap = 10, TitleSize = 20, HeadingSize = 15, CaptionSize = 15;

    private readonly List<(string Caption, IReadOnlyList<ImageData?> Panels)> _rows = [];

    /// <summary>Creates a grid.</summary>
    /// <param name="title">The line at the top.</param>
    /// <param name="columnHeadings">One heading per panel column.</param>
    /// <param name="colorBarLabel">When set, a colour bar of the error scale with this label closes the picture.</param>
    public PanelGrid(string title, IReadOnlyList<string> columnHeadings, string? colorBarLabel = null)
    {
        Title = title;
        ColumnHeadings = columnHeadings;
        ColorBarLabel = colorBarLabel;
    }

    /// <summary>The line at the top.</summary>
    public string Title { get; }

    /// <summary>One heading per column.</summary>
    public IReadOnlyList<string> ColumnHeadings { get; }

    /// <summary>The colour bar's label, or null for no colour bar.</summary>
    public string? ColorBarLabel { get; }

    /// <summary>Adds a row; a null panel leaves its cell empty.</summary>
    public void AddRow(string caption, IReadOnlyList<ImageData?> panels)
    {
        if (panels.Count != ColumnHeadings.Count)
            throw new ArgumentException($"A row needs {ColumnHeadings.Count} panels, got {panels.Count}.", nameof(panels));
        _rows.Add((caption, panels));
    }

    /// <summary>Renders the grid and writes it as a PNG (atomically).</summary>
    public void SavePng(string path) => AtomicFile.WriteAllBytes(path, EncodePng());

    /// <summary>Renders the grid as PNG bytes.</summary>
    public byte[] EncodePng()
    {
        var first = _rows.SelectMany(r => r.Panels).FirstOrDefault(p => p is not null)
            ?? throw new InvalidOperationException("The grid has no panel to draw.");
        float scale = PanelScale(first.Height, first.Width);
        float panelWidth = MathF.Round(first.Width * scale), panelHeight = MathF.Round(first.Height * scale);

        using var typeface = SKTypeface.FromFamilyName(ReportStyle.FontFamily);
        using var titleFont = new SKFont(typeface, TitleSize);
        using var headingFont = new SKFont(typeface, HeadingSize);
        using var captionFont = new SKFont(typeface, CaptionSize);
        int columns = ColumnHeadings.Count;
        float width = Margin * 2 + columns * panelWidth + (columns - 1) * Gap;
        // Headings wider than their panel would run into each other: widen the picture instead.
        float widestHeading = ColumnHeadings.Max(h => ReportStyle.MeasureText(headingFont, h));
        if (widestHeading > panelWidth)
        {
            panelWidth = widestHeading;
            width = Margin * 2 + columns * panelWidth + (columns - 1) * Gap;
        }
        width = Math.Max(width, Margin * 2 + ReportStyle.MeasureText(titleFont, Title));
        float rowHeight = CaptionSize * 1.6f + panelHeight + Gap;
        float colorBarHeight = ColorBarLabel is null ? 0 : 64;
        float height = Margin + TitleSize * 1.6f + HeadingSize * 1.6f + _rows.Count * rowHeight + colorBarHeight + Margin;

        var info = new SKImageInfo((int)MathF.Ceiling(width), (int)MathF.Ceiling(height), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var softInk = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(0xBB, 0xBB, 0xBB), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };

        float y = Margin + TitleSize;
        ReportStyle.DrawText(canvas, Title, Margin, y, SKTextAlign.Left, titleFont, ink);
        y += TitleSize * 0.6f + HeadingSize * 1.4f;
        for (int c = 0; c < columns; c++)
            ReportStyle.DrawText(canvas, ColumnHeadings[c], Margin + c * (panelWidth + Gap) + panelWidth / 2, y, SKTextAlign.Center, headingFont, softInk);
        y += HeadingSize * 0.6f;

        // Enlarged pixels stay sharp squares; reduced images are filtered so they do not alias.
        using var sampling = new SKPaint { FilterQuality = scale >= 1 ? SKFilterQuality.None : SKFilterQuality.High };
        foreach (var (caption, panels) in _rows)
        {
            y += CaptionSize * 1.3f;
            ReportStyle.DrawText(canvas, caption, Margin, y, SKTextAlign.Left, captionFont, ink);
            y += CaptionSize * 0.3f;
            for (int c = 0; c < columns; c++)
            {
                float x = Margin + c * (panelWidth + Gap) + (panelWidth - first.Width * scale) / 2;
                var rect = SKRect.Create(x, y, first.Width * scale, panelHeight);
                if (panels[c] is { } panel)
                {
                    using var image = ToSkImage(panel);
                    canvas.DrawImage(image, rect, sampling);
                }
                canvas.DrawRect(rect, frame);
            }
            y += panelHeight + Gap;
        }

        if (ColorBarLabel is not null) DrawColorBar(canvas, Margin, y + 6, Math.Min(360, width - 2 * Margin), headingFont, softInk, frame);

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The factor that brings the long side into [<see cref="MinimumPanelSide"/>, <see cref="MaximumPanelSide"/>] (whole factors when enlarging).</summary>
    internal static float PanelScale(int height, int width)
    {
        int side = Math.Max(height, width);
        if (side < MinimumPanelSide) return (int)Math.Ceiling((double)MinimumPanelSide / side);
        return side > MaximumPanelSide ? (float)MaximumPanelSide / side : 1f;
    }

    private void DrawColorBar(SKCanvas canvas, float x, float y, float barWidth, SKFont font, SKPaint ink, SKPaint frame)
    {
        const float barHeight = 14;
        for (int i = 0; i < (int)barWidth; i++)
        {
            var color = ReportStyle.ColormapColor(i / (barWidth - 1));
            using var paint = new SKPaint { Color = new SKColor(color.R, color.G, color.B) };
            canvas.DrawRect(x + i, y, 1, barHeight, paint);
        }
        canvas.DrawRect(SKRect.Create(x, y, barWidth, barHeight), frame);
        float labelY = y + barHeight + font.Size * 1.2f;
        foreach (double fraction in new[] { 0, 0.5, 1 })
        {
            string text = (fraction * ReportImages.ErrorScaleMax).ToString(fraction == 1 ? "0.00'+'" : "0.###", System.Globalization.CultureInfo.InvariantCulture);
            var align = fraction switch { 0 => SKTextAlign.Left, 1 => SKTextAlign.Right, _ => SKTextAlign.Center };
            ReportStyle.DrawText(canvas, text, x + (float)fraction * barWidth, labelY, align, font, ink);
        }
        ReportStyle.DrawText(canvas, ColorBarLabel!, x + barWidth + 14, y + barHeight - 2, SKTextAlign.Left, font, ink);
    }

    private static SKImage ToSkImage(ImageData image)
    {
        var rgb = ReportImages.ToRgb(image);
        int n = rgb.PlaneSize;
        var bytes = new byte[n * 4];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++) bytes[i * 4 + c] = (byte)Math.Round(Math.Clamp(rgb.Pixels[c * n + i], 0f, 1f) * 255);
            bytes[i * 4 + 3] = 255;
        }
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        return SKImage.FromPixelCopy(info, bytes, info.RowBytes);
    }
}
