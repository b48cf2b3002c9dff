using System.Globalization;

namespace Inrr.Cli.Specs;

/// <summary>What <c>--size</c> says: <c>N</c> (N x N) or <c>WIDTHxHEIGHT</c>, the size images are fitted at.</summary>
internal readonly record struct SizeSpec(int Width, int Height)
{
    /// <exception cref="FormatException">The text is not N or WxH with positive whole numbers.</exception>
    public static SizeSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length is < 1 or > 2
            || !parts.All(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0))
            throw new FormatException($"Expected N or WIDTHxHEIGHT with positive whole numbers (e.g. 96 or 128x96); got '{text}'.");
        int width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int height = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : width;
        return new SizeSpec(width, height);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
}
