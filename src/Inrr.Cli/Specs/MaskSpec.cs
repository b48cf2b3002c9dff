using System.Globalization;
using Inrr.Torch.Masks;

namespace Inrr.Cli.Specs;

/// <summary>
/// What <c>--mask</c> says: a mask file, or a mask generated for the image's size. Parsed before any image is
/// read, so a typo fails at once; the size-dependent checks (a patch outside the image) happen in
/// <see cref="Create"/>.
/// </summary>
/// <remarks>
/// Grammar (kinds are case-insensitive):
/// <c>random:RATE[,SEED]</c> (RATE = missing fraction in (0, 1)),
/// <c>patch:X,Y,W,H[;X,Y,W,H...]</c> (hole rectangles in pixels of the working size),
/// <c>text:TEXT</c> (the text drawn as holes),
/// <c>grid:STRIDE</c> (only every STRIDE-th row and column observed),
/// <c>strokes[:FRACTION[,SEED]]</c> (thick random curved scratches, default 10 % missing),
/// <c>blocks[:FRACTION[,SEED]]</c> (random rectangles, default 8 % missing),
/// <c>file:PATH</c> or just <c>PATH</c> (a mask image; white = observed by default).
/// </remarks>
internal abstract record MaskSpec
{
    /// <summary>The accepted forms, for error messages and help.</summary>
    public const string Forms = "random:RATE[,SEED], patch:X,Y,W,H[;X,Y,W,H...], text:TEXT, grid:STRIDE, strokes[:FRACTION[,SEED]], blocks[:FRACTION[,SEED]], alpha (the image's own transparent pixels), file:PATH or a mask image path";

    /// <summary>
    /// True when the mask hides pixels of an image that is itself complete (every generated mask): the input
    /// image is then its own ground truth. False for a mask file, which marks pixels that are really missing.
    /// </summary>
    public abstract bool HidesPixelsOfCompleteImage { get; }

    /// <summary>Builds the mask for an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">The spec does not fit the image (e.g. a patch outside it).</exception>
    /// <exception cref="FileNotFoundException">A mask file does not exist.</exception>
    /// <exception cref="InvalidDataException">A mask file is not an image.</exception>
    public abstract Mask Create(int height, int width, MaskImageRule rule);

    /// <summary>Parses a mask spec.</summary>
    /// <exception cref="FormatException">The text is not a valid spec; the message says why and what is accepted.</exception>
    public static MaskSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new FormatException($"The mask spec is empty. Use one of: {Forms}.");
        if (text.Trim().Equals("alpha", StringComparison.OrdinalIgnoreCase)) return new AlphaMaskSpec();
        if (text.Trim().ToLowerInvariant() is "strokes" or "blocks") text = text.Trim() + ":";
        int colon = text.IndexOf(':');
        string kind = colon > 0 ? text[..colon].Trim().ToLowerInvariant() : "";
        string body = colon > 0 ? text[(colon + 1)..] : "";
        return kind switch
        {
            "random" => RandomMaskSpec.ParseBody(body),
            "patch" => PatchMaskSpec.ParseBody(body),
            "text" => TextMaskSpec.ParseBody(body),
            "grid" => GridMaskSpec.ParseBody(body),
            "strokes" => ShapeMaskSpec.ParseBody(ShapeMaskKind.Strokes, body),
            "blocks" => ShapeMaskSpec.ParseBody(ShapeMaskKind.Blocks, body),
            "file" => FileMaskSpec.ParseBody(body),
            // Anything else is a path: "C:\masks\a.png" and "masks/a:b.png" must keep working.
            _ => FileMaskSpec.ParseBody(text),
        };
    }

    /// <summary>Parses an invariant-culture number, or throws a <see cref="FormatException"/> naming it.</summary>
    internal static double ParseNumber(string text, string what, string example)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new FormatException($"{what} '{text.Trim()}' is not a number (example: {example}).");
        return value;
    }

    /// <summary>Parses an invariant-culture integer, or throws a <see cref="FormatException"/> naming it.</summary>
    internal static int ParseInteger(string text, string what, string example)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw new FormatException($"{what} '{text.Trim()}' is not a whole number (example: {example}).");
        return value;
    }
}

/// <summary>
/// <c>alpha</c>: the image's own transparency is the mask: transparent or translucent pixels are the holes (a cut-out,
/// a removed object). The loader binds the spec to the image it belongs to (<see cref="ImagePath"/>).
/// </summary>
internal sealed record AlphaMaskSpec : MaskSpec
{
    /// <summary>The image whose alpha is read; set by the loader for each image.</summary>
    public string? ImagePath { get; init; }

    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => false;

    /// <inheritdoc />
    public override Mask Create(int height, int width, MaskImageRule rule) =>
        MaskFactory.FromFile(ImagePath ?? throw new InvalidOperationException("--mask alpha is read from the image: bind it to one first."),
            height, width, MaskImageRule.AlphaObserved, MaskResampling.Nearest);

    /// <inheritdoc />
    public override string ToString() => "alpha";
}

/// <summary><c>random:RATE[,SEED]</c>: uniformly random holes, the same for the same seed.</summary>
internal sealed record RandomMaskSpec(double MissingRate, int Seed) : MaskSpec
{
    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => true;

    /// <inheritdoc />
    public override Mask Create(int height, int width, MaskImageRule rule) => MaskFactory.Random(height, width, MissingRate, Seed);

    internal static RandomMaskSpec ParseBody(string body)
    {
        const string example = "random:0.5 or random:0.5,7";
        var parts = body.Split(',');
        if (parts.Length is < 1 or > 2 || parts[0].Trim().Length == 0)
            throw new FormatException($"Expected random:RATE or random:RATE,SEED (example: {example}), got 'random:{body}'.");
        double rate = ParseNumber(parts[0], "The missing rate", example);
        if (!(rate > 0 && rate < 1))
            throw new FormatException($"The missing rate must be between 0 and 1 (exclusive), got {parts[0].Trim()} (example: {example}).");
        int seed = parts.Length == 2 ? ParseInteger(parts[1], "The seed", example) : 0;
        return new RandomMaskSpec(rate, seed);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"random:{MissingRate},{Seed}");
}

/// <summary><c>patch:X,Y,W,H[;...]</c>: rectangular holes.</summary>
internal sealed record PatchMaskSpec(IReadOnlyList<PixelRect> Holes) : MaskSpec
{
    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => true;

    /// <inheritdoc />
    public override Mask Create(int height, int width, MaskImageRule rule)
    {
        foreach (var hole in Holes)
        {
            // Checked here, not left to the factory, so the message names the rectangle as it was typed.
            if ((long)hole.X + hole.Width > width || (long)hole.Y + hole.Height > height)
                throw new ArgumentException(
                    $"The rectangle {hole.X},{hole.Y},{hole.Width},{hole.Height} reaches outside the {width}x{height} (width x height) image.");
        }
        return MaskFactory.Patch(height, width, [.. Holes]);
    }

    internal static PatchMaskSpec ParseBody(string body)
    {
        const string example = "patch:10,20,32,16 (x, y, width, height) or patch:0,0,8,8;20,20,8,8";
        var holes = new List<PixelRect>();
        foreach (var rectangle in body.Split(';'))
        {
            var numbers = rectangle.Split(',');
            if (numbers.Length != 4)
                throw new FormatException($"A patch needs 4 numbers X,Y,W,H, got '{rectangle.Trim()}' (example: {example}).");
            int x = ParseInteger(numbers[0], "X", example), y = ParseInteger(numbers[1], "Y", example);
            int w = ParseInteger(numbers[2], "W", example), h = ParseInteger(numbers[3], "H", example);
            if (x < 0 || y < 0) throw new FormatException($"Patch corner {x},{y} must not be negative (example: {example}).");
            if (w <= 0 || h <= 0) throw new FormatException($"Patch size {w}x{h} must be positive (example: {example}).");
            holes.Add(new PixelRect(x, y, w, h));
        }
        return new PatchMaskSpec(holes);
    }

    /// <summary>Value equality over the rectangles (records compare lists by reference).</summary>
    public bool Equals(PatchMaskSpec? other) => other is not null && Holes.SequenceEqual(other.Holes);

    /// <inheritdoc />
    public override int GetHashCode() => Holes.Aggregate(0, (hash, hole) => HashCode.Combine(hash, hole));

    /// <inheritdoc />
    public override string ToString() => "patch:" + string.Join(';', Holes.Select(h => $"{h.X},{h.Y},{h.Width},{h.Height}"));
}

/// <summary>
/// <c>text:TEXT</c>: a caption drawn as holes with the engine's built-in font. <paramref name="Scale"/> is the
/// stroke thickness in pixels, 0 = the engine's choice (one pixel per 64 pixels of the shorter side); the
/// spec text always means 0, other scales are for the demo.
/// </summary>
internal sealed record TextMaskSpec(string Text, int Scale = 0) : MaskSpec
{
    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => true;

    /// <inheritdoc />
    public override Mask Create(int height, int width, MaskImageRule rule) => MaskFactory.Text(height, width, Text, Scale);

    internal static TextMaskSpec ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            throw new FormatException("The text of text:TEXT is empty (example: text:\"HELLO WORLD\").");
        return new TextMaskSpec(body);
    }

    /// <inheritdoc />
    public override string ToString() => "text:" + Text;
}

/// <summary><c>grid:STRIDE</c>: a regular sub-sampling, every STRIDE-th row and column observed.</summary>
internal sealed record GridMaskSpec(int Stride) : MaskSpec
{
    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => true;

    /// <inheritdoc />
    public override Mask Create(int height, int width, MaskImageRule rule) => MaskFactory.Downsample(height, width, Stride);

    internal static GridMaskSpec ParseBody(string body)
    {
        int stride = ParseInteger(body, "The grid stride", "grid:2");
        if (stride < 2) throw new FormatException($"The grid stride must be 2 or more, got {stride} (example: grid:2).");
        return new GridMaskSpec(stride);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"grid:{Stride}");
}

/// <summary>The generated shapes of <see cref="ShapeMaskSpec"/>.</summary>
internal enum ShapeMaskKind
{
    /// <summary>Thick random curved scratches (<see cref="MaskFactory.Strokes"/>).</summary>
    Strokes,

    /// <summary>Random rectangles (<see cref="MaskFactory.Blocks"/>).</summary>
    Blocks,
}

/// <summary><c>strokes[:FRACTION[,SEED]]</c> or <c>blocks[:FRACTION[,SEED]]</c>: seeded random shapes until that fraction is missing.</summary>
internal sealed record ShapeMaskSpec(ShapeMaskKind Kind, double MissingFraction, int Seed) : MaskSpec
{
    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => true;

    /// <inheritdoc />
    public override Mask Create(int height, int width, MaskImageRule rule) => Kind == ShapeMaskKind.Strokes
        ? MaskFactory.Strokes(height, width, MissingFraction, Seed)
        : MaskFactory.Blocks(height, width, MissingFraction, Seed);

    internal static ShapeMaskSpec ParseBody(ShapeMaskKind kind, string body)
    {
        string name = kind.ToString().ToLowerInvariant();
        (double fallback, double most) = kind == ShapeMaskKind.Strokes ? (0.1, 0.9) : (0.08, 0.5);
        string example = $"{name}, {name}:{fallback.ToString(CultureInfo.InvariantCulture)} or {name}:{fallback.ToString(CultureInfo.InvariantCulture)},7";
        var parts = body.Split(',');
        if (parts.Length > 2) throw new FormatException($"Expected {name}[:FRACTION[,SEED]] (example: {example}), got '{name}:{body}'.");
        double fraction = parts[0].Trim().Length == 0 ? fallback : ParseNumber(parts[0], "The missing fraction", example);
        if (!(fraction > 0 && fraction <= most))
            throw new FormatException($"The missing fraction of {name} must be in (0, {most.ToString(CultureInfo.InvariantCulture)}], got {parts[0].Trim()} (example: {example}).");
        int seed = parts.Length == 2 ? ParseInteger(parts[1], "The seed", example) : 0;
        return new ShapeMaskSpec(kind, fraction, seed);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()}:{MissingFraction},{Seed}");
}

/// <summary><c>file:PATH</c> or a path: a mask image, resized to the working size when it differs.</summary>
internal sealed record FileMaskSpec(string Path) : MaskSpec
{
    /// <inheritdoc />
    public override bool HidesPixelsOfCompleteImage => false;

    /// <inheritdoc />
    // Nearest neighbour: a user's mask keeps its share of holes at any --size (bilinear + exact white grew 30 % to 75 %).
    public override Mask Create(int height, int width, MaskImageRule rule) => MaskFactory.FromFile(Path, height, width, rule, MaskResampling.Nearest);

    internal static FileMaskSpec ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            throw new FormatException($"The mask file path is empty. Use one of: {Forms}.");
        if (!File.Exists(body))
            throw new FormatException(
                $"'{body}' is neither a mask file that exists nor a generated mask. Use one of: {Forms}.");
        return new FileMaskSpec(body);
    }

    /// <inheritdoc />
    public override string ToString() => "file:" + Path;
}
