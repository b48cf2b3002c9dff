using System.Globalization;

namespace Inrr.Cli.Specs;

/// <summary>What <c>--size</c> says: <c>N</c> (N x N) or <c>WIDTHxHEIGHT</c>, the size images are fitted at.</summary>
internal readonly record struct SizeSpec(int Width, int Height)
{
    /// <summary>The largest side taken: beyond it a picture would not fit in memory to be fitted anyway (and resizing it overflowed).</summary>
    public const int MaxSide = 16384;

    /// <exception cref="FormatException">The text is not N or WxH with positive whole numbers.</exception>
    public static SizeSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length is < 1 or > 2
            || !parts.All(p => long.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v > 0))
            throw new FormatException($"Expected N or WIDTHxHEIGHT with positive whole numbers (e.g. 96 or 128x96); got '{text}'.");
        long width = long.Parse(parts[0], CultureInfo.InvariantCulture);
        long height = parts.Length == 2 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : width;
        if (width > MaxSide || height > MaxSide)
            throw new FormatException($"Sides up to {MaxSide} are taken; got '{text}'.");
        return new SizeSpec((int)width, (int)height);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
}
