using Inrr.Torch.Imaging;

namespace Inrr.Torch.Masks;

/// <summary>
/// Builds the masks of the completion experiments (1 = observed, 0 = missing). Generated masks
/// (random, patch, down-sampling, text) always have at least one missing and one observed pixel, else the
/// arguments are rejected; masks read from images are returned as they are.
/// </summary>
public static class MaskFactory
{
    /// <summary>
    /// Uniformly random holes: exactly round(<paramref name="missingRate"/> * height * width) pixels
    /// (midpoint away from zero) are missing, chosen by a partial Fisher-Yates shuffle driven by
    /// <c>new System.Random(seed)</c>, so a seed always gives the same mask.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="missingRate"/> is not in (0, 1), or rounds to no missing or no observed pixel.</exception>
    public static Mask Random(int height, int width, double missingRate, int seed)
    {
        EnsureSize(height, width);
        if (!(missingRate > 0 && missingRate < 1))
            throw new ArgumentOutOfRangeException(nameof(missingRate), missingRate, "The missing rate must be in (0, 1).");
        int count = height * width;
        int missing = (int)Math.Round(missingRate * count, MidpointRounding.AwayFromZero);
        if (missing == 0 || missing == count)
            throw new ArgumentOutOfRangeException(nameof(missingRate), missingRate,
                $"A missing rate of {missingRate} rounds to {missing} of {count} missing pixels: nothing to complete or nothing to fit.");

        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var random = new System.Random(seed);
        // After i steps, order[..i] is a uniform random i-subset; only the missing part needs shuffling.
        for (int i = 0; i < missing; i++)
        {
            int j = random.Next(i, count);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var values = Observed(count);
        foreach (int index in order.AsSpan(0, missing)) values[index] = 0f;
        return new Mask(height, width, values);
    }

    /// <summary>Rectangular holes; rectangles may overlap.</summary>
    /// <exception cref="ArgumentException">No rectangle is given, or they cover the whole image.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rectangle is empty or reaches outside the image.</exception>
    public static Mask Patch(int height, int width, params PixelRect[] holes)
    {
        EnsureSize(height, width);
        ArgumentNullException.ThrowIfNull(holes);
        if (holes.Length == 0)
            throw new ArgumentException("Give at least one hole rectangle.", nameof(holes));
        var values = Observed(height * width);
        foreach (var hole in holes)
        {
            if (hole.Width <= 0 || hole.Height <= 0 || hole.X < 0 || hole.Y < 0
                || (long)hole.X + hole.Width > width || (long)hole.Y + hole.Height > height)
                throw new ArgumentOutOfRangeException(nameof(holes), hole,
                    $"Hole rectangle must be non-empty and inside the {height}x{width} image.");
            for (int y = hole.Y; y < hole.Y + hole.Height; y++)
                values.AsSpan(y * width + hole.X, hole.Width).Clear();
        }
        return CreateUsable(height, width, values, nameof(holes));
    }

    /// <summary>A regular grid: pixel (y, x) is observed iff y % stride == 0 and x % stride == 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stride"/> is below 2 (nothing would be missing).</exception>
    public static Mask Downsample(int height, int width, int stride)
    {
        EnsureSize(height, width);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 2);
        var values = new float[height * width];
        for (int y = 0; y < height; y += stride)
            for (int x = 0; x < width; x += stride)
                values[y * width + x] = 1f;
        return CreateUsable(height, width, values, nameof(stride));
    }

    /// <summary>
    /// Text drawn as missing pixels with a built-in 5 x 7 bitmap font (no system font needed): letters
    /// (lower case drawn as upper case), digits, space and <c>. , ; : ! ? - ' " ( ) /</c>; any other character is
    /// drawn as a filled box. The text is word-wrapped to the width ('\n' forces a break), each line
    /// centred and the lines spread evenly over the height, like a caption covering the picture; lines
    /// that do not fit are cut off. Deterministic.
    /// </summary>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="text">The caption.</param>
    /// <param name="scale">
    /// Image pixels per font pixel, i.e. the stroke thickness; 0 picks min(height, width) / 64 (at least 1),
    /// reduced until the wrapped text fits the height.
    /// </param>
    /// <exception cref="ArgumentException">The text leaves no pixel missing (empty or blank).</exception>
    public static Mask Text(int height, int width, string text, int scale = 0)
    {
        EnsureSize(height, width);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        return CreateUsable(height, width, TextMaskRenderer.Render(height, width, text, scale), nameof(text));
    }

    /// <summary>
    /// A mask from an image: each channel is clamped and rounded to 8 bits, then <paramref name="rule"/>
    /// decides (a gray image counts as R = G = B). The result is not checked for holes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rule"/> is <see cref="MaskImageRule.AlphaObserved"/>: <see cref="ImageData"/> has no alpha (use <see cref="FromFile(string, int?, int?, MaskImageRule)"/>).</exception>
    public static Mask FromImage(ImageData maskImage, MaskImageRule rule = MaskImageRule.ExactWhiteObserved)
    {
        ArgumentNullException.ThrowIfNull(maskImage);
        EnsureDefined(rule);
        if (rule == MaskImageRule.AlphaObserved)
            throw new ArgumentException("An ImageData has no alpha channel; load the mask with FromFile to use the alpha rule.", nameof(rule));
        return FromRgba8(Rgba8Image.FromImageData(maskImage), rule);
    }

    /// <summary>
    /// The reference's mask loading: decode the mask image, resize it (both sizes given) with the same
    /// OpenCV-exact 8-bit bilinear resize as <see cref="ImageIO.LoadResized"/> (each channel, alpha too,
    /// resized on its own), then apply <paramref name="rule"/> to the 8-bit values. The result is not
    /// checked for holes.
    /// </summary>
    /// <remarks>
    /// The reference thresholds the OpenCV gray value (observed iff gray == 255), which also accepts a
    /// pixel with R or B at 254; <see cref="MaskImageRule.ExactWhiteObserved"/> asks all channels to be 255.
    /// The two agree on gray masks such as the paper's.
    /// </remarks>
    /// <exception cref="ArgumentException">Only one of <paramref name="height"/> and <paramref name="width"/> is given.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a decodable image.</exception>
    public static Mask FromFile(string path, int? height = null, int? width = null, MaskImageRule rule = MaskImageRule.ExactWhiteObserved) =>
        FromFile(path, height, width, rule, MaskResampling.Bilinear);

    /// <summary>
    /// A mask image resized with <paramref name="resampling"/>: <see cref="MaskResampling.Nearest"/> keeps the mask's
    /// share of holes (what a user's mask needs; the CLI uses it), <see cref="MaskResampling.Bilinear"/> is the
    /// reference's loading (<see cref="FromFile(string, int?, int?, MaskImageRule)"/>), which grows the holes by the blended edge.
    /// </summary>
    public static Mask FromFile(string path, int? height, int? width, MaskImageRule rule, MaskResampling resampling)
    {
        EnsureDefined(rule);
        if (height.HasValue != width.HasValue)
            throw new ArgumentException("Give both height and width to resize the mask, or neither.", height.HasValue ? nameof(width) : nameof(height));
        if (height is int h) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h, nameof(height));
        if (width is int w) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(w, nameof(width));
        var image = ImageIO.LoadRgba8(path);
        if (height.HasValue && width.HasValue)
            image = resampling == MaskResampling.Nearest ? image.ResizeNearest(height.Value, width.Value) : image.Resize(height.Value, width.Value);
        return FromRgba8(image, rule);
    }

    /// <summary>
    /// Thick random curved scratches: quadratic Bezier curves between random points on the picture, each drawn with a
    /// round brush of radius max(1, side / 64) (side = the shorter one), added until at least
    /// <paramref name="missingFraction"/> of the pixels are missing. Seeded: a seed always gives the same mask.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="missingFraction"/> is not in (0, 0.9].</exception>
    public static Mask Strokes(int height, int width, double missingFraction = 0.1, int seed = 0)
    {
        EnsureSize(height, width);
        if (!(missingFraction > 0 && missingFraction <= 0.9))
            throw new ArgumentOutOfRangeException(nameof(missingFraction), missingFraction, "The missing fraction of strokes must be in (0, 0.9].");
        var values = Observed(height * width);
        var random = new System.Random(seed);
        double radius = Math.Max(1, Math.Min(height, width) / 64.0);
        int wanted = (int)Math.Ceiling(missingFraction * height * width), missing = 0;
        (double Y, double X) Point() => (random.NextDouble() * (height - 1), random.NextDouble() * (width - 1));
        while (missing < wanted)
        {
            var (a, control, b) = (Point(), Point(), Point());
            double length = Math.Sqrt(Math.Pow(a.Y - b.Y, 2) + Math.Pow(a.X - b.X, 2)) + 1;
            int samples = (int)Math.Ceiling(2 * length / radius) + 2;
            for (int k = 0; k <= samples && missing < wanted; k++)
            {
                double t = (double)k / samples, u = 1 - t;
                double cy = u * u * a.Y + 2 * u * t * control.Y + t * t * b.Y;
                double cx = u * u * a.X + 2 * u * t * control.X + t * t * b.X;
                for (int y = Math.Max(0, (int)(cy - radius)); y <= Math.Min(height - 1, (int)(cy + radius) + 1); y++)
                    for (int x = Math.Max(0, (int)(cx - radius)); x <= Math.Min(width - 1, (int)(cx + radius) + 1); x++)
                    {
                        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= radius * radius) Hide(values, y * width + x, ref missing);
                    }
            }
        }
        return CreateUsable(height, width, values, nameof(missingFraction));
    }

    /// <summary>
    /// Several rectangular blocks, each 5-15 % of the shorter side per edge, placed at seeded random positions until
    /// at least <paramref name="missingFraction"/> of the pixels are missing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="missingFraction"/> is not in (0, 0.5].</exception>
    public static Mask Blocks(int height, int width, double missingFraction = 0.08, int seed = 0)
    {
        EnsureSize(height, width);
        if (!(missingFraction > 0 && missingFraction <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(missingFraction), missingFraction, "The missing fraction of blocks must be in (0, 0.5].");
        var values = Observed(height * width);
        var random = new System.Random(seed);
        int side = Math.Min(height, width), wanted = (int)Math.Ceiling(missingFraction * height * width), missing = 0;
        while (missing < wanted)
        {
            int bh = Math.Max(1, (int)(side * (0.05 + 0.10 * random.NextDouble())));
            int bw = Math.Max(1, (int)(side * (0.05 + 0.10 * random.NextDouble())));
            int top = random.Next(0, Math.Max(1, height - bh)), left = random.Next(0, Math.Max(1, width - bw));
            for (int y = top; y < Math.Min(height, top + bh); y++)
                for (int x = left; x < Math.Min(width, left + bw); x++)
                    Hide(values, y * width + x, ref missing);
        }
        return CreateUsable(height, width, values, nameof(missingFraction));
    }

    /// <summary>The intersection: a pixel is observed only if it is observed in both masks.</summary>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    public static Mask Combine(Mask a, Mask b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Height != b.Height || a.Width != b.Width)
            throw new ArgumentException($"Masks differ in size: {a.Height}x{a.Width} and {b.Height}x{b.Width}.", nameof(b));
        var values = new float[a.Values.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = a.Values[i] * b.Values[i];
        return new Mask(a.Height, a.Width, values);
    }

    private static Mask FromRgba8(Rgba8Image image, MaskImageRule rule)
    {
        var (r, g, b, alpha) = (image.Planes[Rgba8Image.Red], image.Planes[Rgba8Image.Green],
                                image.Planes[Rgba8Image.Blue], image.Planes[Rgba8Image.Alpha]);
        var values = new float[image.Height * image.Width];
        for (int i = 0; i < values.Length; i++)
        {
            bool white = r[i] == 255 && g[i] == 255 && b[i] == 255;
            bool observed = rule switch
            {
                MaskImageRule.ExactWhiteObserved => white,
                MaskImageRule.ExactWhiteMissing => !white,
                MaskImageRule.AlphaObserved => alpha[i] == 255,
                _ => r[i] > 0 || g[i] > 0 || b[i] > 0, // NonBlackObserved (the rule was validated)
            };
            values[i] = observed ? 1f : 0f;
        }
        return new Mask(image.Height, image.Width, values);
    }

    /// <summary>Marks pixel <paramref name="index"/> missing, counting it once.</summary>
    private static void Hide(float[] values, int index, ref int missing)
    {
        if (values[index] == 0f) return;
        values[index] = 0f;
        missing++;
    }

    private static float[] Observed(int count)
    {
        var values = new float[count];
        Array.Fill(values, 1f);
        return values;
    }

    /// <summary>Wraps generated values, rejecting a mask that has nothing to complete or nothing to fit.</summary>
    private static Mask CreateUsable(int height, int width, float[] values, string argumentName)
    {
        var mask = new Mask(height, width, values);
        if (mask.MissingCount == 0)
            throw new ArgumentException("These arguments leave no pixel missing: there is nothing to complete.", argumentName);
        if (mask.ObservedCount == 0)
            throw new ArgumentException("These arguments leave no pixel observed: there is nothing to fit.", argumentName);
        return mask;
    }

    private static void EnsureSize(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
    }

    private static void EnsureDefined(MaskImageRule rule)
    {
        if (!Enum.IsDefined(rule))
            throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown mask image rule.");
    }
}
