namespace Inrr.Torch.Masks;

/// <summary>
/// Which pixels of an image are observed: 1 = observed, 0 = missing (a hole), row-major
/// (index = y * Width + x). One mask is shared by all channels of an image.
/// </summary>
public sealed class Mask
{
    /// <summary>Creates a mask over <paramref name="values"/> (not copied); every value must be 0 or 1.</summary>
    public Mask(int height, int width, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Length != (long)height * width)
            throw new ArgumentException($"Expected {height}x{width} = {(long)height * width} mask values, got {values.Length}.", nameof(values));
        int observed = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == 1f) observed++;
            else if (values[i] != 0f)
                throw new ArgumentException($"Mask values must be 0 (missing) or 1 (observed); found {values[i]} at index {i}.", nameof(values));
        }
        Height = height;
        Width = width;
        Values = values;
        ObservedCount = observed;
    }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>0/1 values, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Number of observed pixels.</summary>
    public int ObservedCount { get; }

    /// <summary>Number of missing pixels (holes).</summary>
    public int MissingCount => Values.Length - ObservedCount;

    /// <summary>Fraction of pixels that are missing, in [0, 1].</summary>
    public double MissingFraction => (double)MissingCount / Values.Length;

    /// <summary>True when pixel (<paramref name="y"/>, <paramref name="x"/>) is observed.</summary>
    public bool IsObserved(int y, int x) => Values[y * Width + x] == 1f;

    /// <summary>
    /// Throws unless the mask can drive a completion: it must match the image size, observe at least one
    /// pixel (else there is nothing to fit) and miss at least one (else there is nothing to complete).
    /// </summary>
    public void EnsureUsableFor(int height, int width, string argumentName)
    {
        if (height != Height || width != Width)
            throw new ArgumentException($"Mask is {Height}x{Width} but the image is {height}x{width}.", argumentName);
        if (ObservedCount == 0)
            throw new ArgumentException("Mask has no observed pixel: every pixel is missing, there is nothing to fit.", argumentName);
        if (MissingCount == 0)
            throw new ArgumentException("Mask has no missing pixel: there is nothing to complete.", argumentName);
    }

    /// <summary>The observed image: observed pixels kept, holes set to <paramref name="holeValue"/>.</summary>
    public Imaging.ImageData Apply(Imaging.ImageData image, float holeValue = 0f)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Height != Height || image.Width != Width)
            throw new ArgumentException($"Mask is {Height}x{Width} but the image is {image.Height}x{image.Width}.", nameof(image));
        var result = image.Clone();
        int n = Values.Length;
        for (int c = 0; c < image.Channels; c++)
            for (int i = 0; i < n; i++)
                if (Values[i] == 0f) result.Pixels[c * n + i] = holeValue;
        return result;
    }
}
