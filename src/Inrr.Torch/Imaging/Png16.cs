using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inrr.Torch.Imaging;

/// <summary>
/// 16-bit PNGs at full precision, through ImageSharp (SkiaSharp 2.88, the one ML.NET's ImageAnalytics allows, reports
/// a 16-bit PNG as 8-bit and decodes it at best to half floats). Values are /65535, so a 16-bit picture written back
/// with <see cref="Save"/> has its observed pixels exactly as they came in.
/// </summary>
public static class Png16
{
    /// <summary>Whether <paramref name="path"/> is a PNG with 16 bits per channel.</summary>
    public static bool Is16Bit(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var info = Image.Identify(path, out var format);
            return format is PngFormat && info?.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Loads a 16-bit PNG as floats in [0, 1] (value / 65535); gray is ITU-R 601 luma; alpha is dropped.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a decodable image.</exception>
    public static ImageData Load(string path, ImageColorMode mode = ImageColorMode.Gray)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        Image<Rgba64> image;
        try
        {
            image = Image.Load<Rgba64>(path);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException)
        {
            throw new InvalidDataException($"'{path}' is not a decodable image: {e.Message}", e);
        }
        using (image)
        {
            int h = image.Height, w = image.Width, n = h * w;
            var pixels = new float[(mode == ImageColorMode.Rgb ? 3 : 1) * n];
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < h; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < w; x++)
                    {
                        var p = row[x];
                        int i = y * w + x;
                        if (mode == ImageColorMode.Rgb)
                        {
                            pixels[i] = p.R / 65535f;
                            pixels[n + i] = p.G / 65535f;
                            pixels[2 * n + i] = p.B / 65535f;
                        }
                        else
                        {
                            pixels[i] = p.R == p.G && p.G == p.B ? p.R / 65535f : (float)((0.299 * p.R + 0.587 * p.G + 0.114 * p.B) / 65535.0);
                        }
                    }
                }
            });
            return new ImageData(mode == ImageColorMode.Rgb ? 3 : 1, h, w, pixels);
        }
    }

    /// <summary>Writes a 16-bit PNG (gray or RGB), values clamped to [0, 1], atomically (<see cref="DurableFile"/>).</summary>
    /// <exception cref="ArgumentException">The image has NaN or infinite values.</exception>
    public static void Save(ImageData image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.EnsureFinite(nameof(image));
        int n = image.PlaneSize;
        static ushort To16(float v) => (ushort)Math.Round(Math.Clamp(v, 0f, 1f) * 65535f);
        var encoder = new PngEncoder
        {
            BitDepth = PngBitDepth.Bit16,
            ColorType = image.Channels == 1 ? PngColorType.Grayscale : PngColorType.Rgb,
        };
        using var png = new Image<Rgba64>(image.Width, image.Height);
        png.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < image.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < image.Width; x++)
                {
                    int i = y * image.Width + x;
                    ushort r = To16(image.Pixels[i]);
                    row[x] = image.Channels == 1
                        ? new Rgba64(r, r, r, ushort.MaxValue)
                        : new Rgba64(r, To16(image.Pixels[n + i]), To16(image.Pixels[2 * n + i]), ushort.MaxValue);
                }
            }
        });
        DurableFile.Replace(path, temporary =>
        {
            using var stream = File.Create(temporary);
            png.SaveAsPng(stream, encoder);
        });
    }
}
