using System.Text;

namespace Inrr.Torch.Masks;

/// <summary>
/// Lays text out over an image with <see cref="BitmapFont"/> and marks the ink as missing: word-wrapped to
/// the image width, each line centred, the lines spread evenly over the height so that the text covers
/// the picture like a caption. A font pixel becomes a scale x scale block (stroke thickness = scale).
/// </summary>
internal static class TextMaskRenderer
{
    /// <summary>Automatic scale: one font pixel per 64 image pixels of the shorter side (4 at 256 x 256).</summary>
    private const int PixelsPerFontPixel = 64;

    /// <summary>Mask values (1 observed, 0 ink); <paramref name="scale"/> 0 picks the scale automatically.</summary>
    public static float[] Render(int height, int width, string text, int scale)
    {
        if (scale == 0) scale = AutoScale(height, width, text);
        var lines = Wrap(text, CharactersPerLine(width, scale));
        var values = new float[height * width];
        Array.Fill(values, 1f);
        // Lines that do not fit under each other are cut off.
        int visibleLines = Math.Min(lines.Count, Math.Max(1, height / (BitmapFont.LineAdvance * scale)));
        for (int i = 0; i < visibleLines; i++)
        {
            int top = (int)((i + 0.5) * height / visibleLines) - BitmapFont.GlyphHeight * scale / 2;
            int lineWidth = lines[i].Length * BitmapFont.Advance * scale - scale;
            int left = (width - lineWidth) / 2;
            for (int j = 0; j < lines[i].Length; j++)
                DrawGlyph(values, height, width, lines[i][j], top, left + j * BitmapFont.Advance * scale, scale);
        }
        return values;
    }

    /// <summary>The largest scale up to one per 64 pixels at which all wrapped lines fit in the height.</summary>
    private static int AutoScale(int height, int width, string text)
    {
        int scale = Math.Max(1, Math.Min(height, width) / PixelsPerFontPixel);
        while (scale > 1 && Wrap(text, CharactersPerLine(width, scale)).Count * BitmapFont.LineAdvance * scale > height)
            scale--;
        return scale;
    }

    /// <summary>Characters that fit in a line with a one-font-pixel margin on both sides (at least one).</summary>
    private static int CharactersPerLine(int width, int scale) =>
        Math.Max(1, (width - scale) / (BitmapFont.Advance * scale));

    /// <summary>
    /// Greedy word wrap: '\n' starts a new line, other whitespace separates words, a word longer than a
    /// line is split. Blank lines are dropped.
    /// </summary>
    private static List<string> Wrap(string text, int charactersPerLine)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var word in paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length <= charactersPerLine)
                {
                    line.Append(' ').Append(word);
                    continue;
                }
                Flush(line, lines);
                var rest = word.AsSpan();
                for (; rest.Length > charactersPerLine; rest = rest[charactersPerLine..])
                    lines.Add(rest[..charactersPerLine].ToString());
                line.Append(rest);
            }
            Flush(line, lines);
        }
        return lines;
    }

    private static void Flush(StringBuilder line, List<string> lines)
    {
        if (line.Length == 0) return;
        lines.Add(line.ToString());
        line.Clear();
    }

    private static void DrawGlyph(float[] values, int height, int width, char character, int top, int left, int scale)
    {
        for (int row = 0; row < BitmapFont.GlyphHeight; row++)
            for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                if (BitmapFont.IsInk(character, row, column))
                    FillBlock(values, height, width, top + row * scale, left + column * scale, scale);
    }

    /// <summary>Marks a scale x scale block missing, clipped to the image.</summary>
    private static void FillBlock(float[] values, int height, int width, int top, int left, int scale)
    {
        for (int y = Math.Max(top, 0); y < Math.Min(top + scale, height); y++)
            for (int x = Math.Max(left, 0); x < Math.Min(left + scale, width); x++)
                values[y * width + x] = 0f;
    }
}
