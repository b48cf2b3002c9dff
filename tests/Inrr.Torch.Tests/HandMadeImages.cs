using Inrr.Torch.Imaging;
using SkiaSharp;

namespace Inrr.Torch.Tests;

/// <summary>Small hand-made images and encoded files for the imaging tests.</summary>
internal static class HandMadeImages
{
    /// <summary>An image whose values are all multiples of 1/255 (exactly representable in a PNG).</summary>
    public static ImageData Random8Bit(int channels, int height, int width, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[channels * height * width];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.Next(256) / 255f;
        return new ImageData(channels, height, width, pixels);
    }

    /// <summary>Uniformly random values in [0, 1).</summary>
    public static ImageData RandomFloat(int channels, int height, int width, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[channels * height * width];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.NextSingle();
        return new ImageData(channels, height, width, pixels);
    }

    public static ImageData Constant(int channels, int height, int width, float value)
    {
        var pixels = new float[channels * height * width];
        Array.Fill(pixels, value);
        return new ImageData(channels, height, width, pixels);
    }

    public static ImageData Gray(int height, int width, params float[] pixels) => new(1, height, width, pixels);

    /// <summary>A PNG with a real alpha channel, written by SkiaSharp from unpremultiplied RGBA bytes.</summary>
    public static byte[] RgbaPng(int height, int width, byte[] rgba)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// An 8-bit palette BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes). Written by hand because
    /// Skia has no BMP encoder.
    /// </summary>
    public static byte[] PaletteBmp(int height, int width, (byte R, byte G, byte B)[] palette, byte[] indices)
    {
        int stride = (width + 3) & ~3;
        int pixelOffset = 14 + 40 + 4 * palette.Length;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)'B'); writer.Write((byte)'M');
        writer.Write(pixelOffset + stride * height); // file size
        writer.Write(0); // reserved
        writer.Write(pixelOffset);
        writer.Write(40); // BITMAPINFOHEADER size
        writer.Write(width);
        writer.Write(height); // positive: bottom-up
        writer.Write((short)1); // planes
        writer.Write((short)8); // bits per pixel
        writer.Write(0); // BI_RGB
        writer.Write(stride * height);
        writer.Write(2835); writer.Write(2835); // 72 dpi
        writer.Write(palette.Length); // colours used
        writer.Write(0); // important colours
        foreach (var (r, g, b) in palette) { writer.Write(b); writer.Write(g); writer.Write(r); writer.Write((byte)0); }
        for (int y = height - 1; y >= 0; y--)
        {
            writer.Write(indices, y * width, width);
            writer.Write(new byte[stride - width]);
        }
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Decodes with Skia directly, to inspect what a PNG stores (colour type, alpha).</summary>
    public static (SKColorType ColorType, SKAlphaType AlphaType, byte[] Rgba) Inspect(byte[] encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        Assert.AreEqual(SKCodecResult.Success, codec.GetPixels(info, out byte[] rgba));
        return (codec.Info.ColorType, codec.Info.AlphaType, rgba);
    }
}

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("inrr-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
