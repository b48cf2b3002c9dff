namespace Inrr.Torch.Imaging;

/// <summary>
/// Built-in test pictures, computed (no file, no download), so demos and tests run anywhere.
/// </summary>
public static class SyntheticImage
{
    /// <summary>
    /// A facade-like scene: a smooth sky-to-ground gradient, a sun, and a building whose windows repeat in rows
    /// and columns. The repetition is the self-similarity INRR exploits: a window row hidden by a scratch looks
    /// like the window rows above and below it.
    /// </summary>
    /// <param name="height">Rows (at least 16).</param>
    /// <param name="width">Columns (at least 16).</param>
    /// <param name="channels">1 (gray) or 3 (RGB).</param>
    public static ImageData Facade(int height = 128, int width = 128, int channels = 1)
    {
        if (height < 16) throw new ArgumentOutOfRangeException(nameof(height), height, "At least 16 rows.");
        if (width < 16) throw new ArgumentOutOfRangeException(nameof(width), width, "At least 16 columns.");
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 3 channels.");

        var rgb = ImageData.Zeros(3, height, width);
        int cell = Math.Max(4, Math.Min(height, width) / 10);      // window pitch
        int left = width / 8, right = width - width / 8, top = height / 4;
        double sunX = 0.8 * width, sunY = 0.12 * height, sunR = 0.08 * Math.Min(height, width);
        for (int y = 0; y < height; y++)
        {
            double v = (double)y / (height - 1);
            for (int x = 0; x < width; x++)
            {
                // Sky: blue fading to pale near the horizon.
                (double r, double g, double b) = (0.55 + 0.35 * v, 0.7 + 0.2 * v, 0.95);
                if (Math.Pow(x - sunX, 2) + Math.Pow(y - sunY, 2) < sunR * sunR) (r, g, b) = (1.0, 0.9, 0.5);
                if (x >= left && x < right && y >= top)
                {
                    // Wall with a slight horizontal shading, windows on a regular grid.
                    double shade = 0.05 * Math.Sin(Math.PI * (x - left) / (right - left));
                    (r, g, b) = (0.62 + shade, 0.42 + shade, 0.32 + shade);
                    int cx = (x - left) % cell, cy = (y - top) % cell;
                    bool window = cx >= cell / 4 && cx < cell - cell / 4 && cy >= cell / 4 && cy < cell - cell / 5;
                    if (window)
                    {
                        bool frame = cx == cell / 2 || cy == cell / 2;   // window cross
                        (r, g, b) = frame ? (0.85, 0.85, 0.8) : (0.15, 0.2, 0.3 + 0.2 * (1 - v));
                    }
                }
                rgb[0, y, x] = (float)r;
                rgb[1, y, x] = (float)g;
                rgb[2, y, x] = (float)b;
            }
        }
        return channels == 3 ? rgb : rgb.ToGray();
    }
}
