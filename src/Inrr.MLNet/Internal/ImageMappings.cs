using Inrr.MLNet.Persistence;
using Inrr.Torch.Imaging;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>The saved settings of <see cref="PixelsToImageConvertingTransformer"/>.</summary>
internal sealed record PixelsToImageSettings
{
    public required string InputColumn { get; init; }
    public int Channels { get; init; }
    public int Height { get; init; }
    public int Width { get; init; }
    public bool Interleaved { get; init; }
    public float PixelScale { get; init; }
}

/// <summary>
/// A pixel vector to an opaque BGRA image (gray as R = G = B). A row without values, or with a NaN (a row a
/// completion marked as failed), gives no image (null) rather than a wrong one.
/// </summary>
internal sealed class PixelsToImageMapping
{
    private readonly SettingsCache<PixelsToImageSettings> _settings = new("pixels-to-image");

    public void Map(PixelsRow input, ImageRow output)
    {
        var s = _settings.Get(input.Settings);
        output.Image = null;
        if (Vectors.IsEmpty(input.Pixels)) return;
        var pixels = Vectors.ToArray(input.Pixels);
        if (pixels.Any(v => !float.IsFinite(v))) return;
        var layout = new PixelLayout(s.Channels, s.Height, s.Width);
        int channels;
        try
        {
            channels = Vectors.ChannelsOf(pixels.Length, layout, s.InputColumn, 1, 3);
        }
        catch (BadRowException e)
        {
            throw new InvalidOperationException("Pixels to image: " + e.Message, e);
        }
        int plane = layout.Plane;
        var bgra = new byte[plane * 4];
        for (int i = 0; i < plane; i++)
        {
            byte Channel(int c) => To8Bits(pixels[s.Interleaved ? i * channels + c : c * plane + i] * s.PixelScale);
            byte r = Channel(0), g = channels == 3 ? Channel(1) : r, b = channels == 3 ? Channel(2) : r;
            bgra[4 * i] = b;
            bgra[4 * i + 1] = g;
            bgra[4 * i + 2] = r;
            bgra[4 * i + 3] = 255;
        }
        output.Image = MLImage.CreateFromPixels(s.Width, s.Height, MLPixelFormat.Bgra32, bgra);
    }

    private static byte To8Bits(float value) => (byte)MathF.Round(Math.Clamp(value, 0f, 1f) * 255f);
}

/// <summary>The saved settings of <see cref="ImagePixelLoadingTransformer"/>.</summary>
internal sealed record ImagePixelLoadingSettings
{
    public string? ImageFolder { get; init; }
    public int Height { get; init; }
    public int Width { get; init; }
    public ImageColorMode ColorMode { get; init; }
    public float PixelScale { get; init; }
}

/// <summary>
/// Loads and resizes an image file with the engine's reference loader; a file that is missing or cannot be
/// decoded gives a vector without values (as ExtractPixels makes for a missing image) and a message.
/// </summary>
internal sealed class ImagePixelLoadingMapping
{
    private readonly SettingsCache<ImagePixelLoadingSettings> _settings = new("image pixel loading");

    public void Map(PathRow input, LoadedPixelsRow output)
    {
        var s = _settings.Get(input.Settings);
        int length = (s.ColorMode == ImageColorMode.Gray ? 1 : 3) * s.Height * s.Width;
        output.Error = "";
        if (string.IsNullOrWhiteSpace(input.Path))
        {
            output.Pixels = Vectors.Empty(length);
            output.Error = "The image path is empty.";
            return;
        }
        string path = s.ImageFolder is null ? input.Path : Path.Combine(s.ImageFolder, input.Path);
        try
        {
            var image = ImageIO.LoadResized(path, s.Height, s.Width, s.ColorMode);
            var pixels = image.Pixels;
            // The loader works in 8 bits: column value = 8-bit value / (255 x PixelScale). 1/255f is a hair above 1/255,
            // so a unit within float rounding of 1 is taken as 1: the default then gives exactly ExtractPixels' integers.
            double unit = 255.0 * s.PixelScale;
            if (Math.Abs(unit - 1) < 1e-6) unit = 1;
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)(MathF.Round(pixels[i] * 255f) / unit);
            output.Pixels = Vectors.Dense(pixels);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            output.Pixels = Vectors.Empty(length);
            output.Error = e is FileNotFoundException ? $"Image file '{path}' does not exist." : $"Image file '{path}' could not be read: {e.Message}";
        }
    }
}
