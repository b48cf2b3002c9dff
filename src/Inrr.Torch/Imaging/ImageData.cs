namespace Inrr.Torch.Imaging;

/// <summary>
/// An image as planar floats in [0, 1]: channel-major, then row-major
/// (index = c * Height * Width + y * Width + x), the layout ML.NET's <c>ExtractPixels</c>
/// produces with <c>interleavePixelColors: false</c> and the [C, H, W] layout of a torch tensor.
/// </summary>
public sealed class ImageData
{
    /// <summary>Creates an image over <paramref name="pixels"/> (not copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero or negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> has the wrong length.</exception>
    public ImageData(int channels, int height, int width, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (channels != 1 && channels != 3)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only 1 (gray) or 3 (RGB) channels are supported.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (pixels.Length != (long)channels * height * width)
            throw new ArgumentException(
                $"Expected {channels}x{height}x{width} = {(long)channels * height * width} values, got {pixels.Length}.", nameof(pixels));
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    /// <summary>A zero-filled image.</summary>
    public static ImageData Zeros(int channels, int height, int width) =>
        new(channels, height, width, new float[checked(channels * height * width)]);

    /// <summary>1 for gray, 3 for RGB (in that channel order).</summary>
    public int Channels { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Planar pixel values, see the class remarks for the layout.</summary>
    public float[] Pixels { get; }

    /// <summary>Pixels per channel (Height * Width).</summary>
    public int PlaneSize => Height * Width;

    /// <summary>The value at channel <paramref name="c"/>, row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int c, int y, int x]
    {
        get => Pixels[(c * Height + y) * Width + x];
        set => Pixels[(c * Height + y) * Width + x] = value;
    }

    /// <summary>A deep copy.</summary>
    public ImageData Clone() => new(Channels, Height, Width, (float[])Pixels.Clone());

    /// <summary>ITU-R 601 luma of an RGB image (a copy of a gray one).</summary>
    public ImageData ToGray()
    {
        if (Channels == 1) return Clone();
        var gray = new float[PlaneSize];
        int n = PlaneSize;
        for (int i = 0; i < n; i++)
            gray[i] = 0.299f * Pixels[i] + 0.587f * Pixels[n + i] + 0.114f * Pixels[2 * n + i];
        return new ImageData(1, Height, Width, gray);
    }

    /// <summary>
    /// Throws when a pixel is NaN or infinite, naming <paramref name="argumentName"/> and the first bad pixel:
    /// a NaN in the target silently turns the whole fit into NaN.
    /// </summary>
    public void EnsureFinite(string argumentName) => EnsureValues(argumentName, unitRange: false);

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="argumentName"/> and the first pixel that is not a
    /// finite value in [0, 1] (a hair of rounding allowed): the engine works on [0, 1]; 8-bit values must be divided by 255.
    /// </summary>
    public void EnsureInUnitRange(string argumentName) => EnsureValues(argumentName, unitRange: true);

    private void EnsureValues(string argumentName, bool unitRange)
    {
        const float tolerance = 1e-4f;
        for (int i = 0; i < Pixels.Length; i++)
        {
            float v = Pixels[i];
            if (float.IsFinite(v) && (!unitRange || (v >= -tolerance && v <= 1 + tolerance))) continue;
            int c = i / PlaneSize, y = i % PlaneSize / Width, x = i % Width;
            throw new ArgumentException(float.IsFinite(v)
                ? $"Image has the value {v} at channel {c}, row {y}, column {x}; pixels are in [0, 1] (divide 8-bit values by 255)."
                : $"Image has a non-finite value ({v}) at channel {c}, row {y}, column {x}.", argumentName);
        }
    }
}
