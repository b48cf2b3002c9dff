using System.Runtime.InteropServices;
using SkiaSharp;

namespace Inrr.Torch.Imaging;

/// <summary>
/// Reads, resizes and writes images (SkiaSharp codecs: PNG, JPEG, BMP incl. 8-bit palette, GIF, WebP).
/// </summary>
/// <remarks>
/// The reference code loads with OpenCV: <c>cv2.imread</c> (colour), <c>cv2.resize</c> (INTER_LINEAR) of
/// the colour image, <c>cv2.cvtColor(BGR2GRAY)</c>, / 255, rounding to 8 bits after each step.
/// <see cref="LoadResized"/> reproduces that bit for bit; <see cref="Load"/> followed by <see cref="Resize"/>
/// uses the same interpolation without the intermediate roundings.
/// </remarks>
public static class ImageIO
{
    /// <summary>Loads an image file as floats in [0, 1], at the file's full precision (a 16-bit PNG keeps its 16 bits).</summary>
    /// <param name="path">A PNG (8 or 16 bits), JPEG, BMP, GIF or WebP file (gray, palette, RGB, RGBA; alpha is dropped).</param>
    /// <param name="mode">Gray (ITU-R 601 luma, not rounded) or RGB.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a decodable image.</exception>
    public static ImageData Load(string path, ImageColorMode mode = ImageColorMode.Gray)
    {
        EnsureDefined(mode);
        return Png16.Is16Bit(path) ? Png16.Load(path, mode) : LoadRgba8(path).ToImageData(mode);
    }

    /// <summary>
    /// Loads an image and resizes it the way the reference protocol does: OpenCV's bilinear resize of the
    /// colour image in 8 bits, then (for gray) OpenCV's rounded ITU-R 601 conversion, then / 255. The result
    /// equals the pixels the reference fits (shared/data/protocol) exactly. A 16-bit PNG is resized at its full
    /// precision instead (<see cref="Resize"/>: the 8-bit path would round it).
    /// </summary>
    /// <inheritdoc cref="Load" path="/exception"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> or <paramref name="width"/> is not positive.</exception>
    public static ImageData LoadResized(string path, int height, int width, ImageColorMode mode = ImageColorMode.Gray)
    {
        EnsureDefined(mode);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (Png16.Is16Bit(path))
        {
            var precise = Png16.Load(path, mode);
            return precise.Height == height && precise.Width == width ? precise : Resize(precise, height, width);
        }
        var image = LoadRgba8(path).Resize(height, width);
        return (mode == ImageColorMode.Gray ? image.ToOpenCvGray() : image).ToImageData(mode);
    }

    /// <summary>Decodes encoded image bytes (see <see cref="Load"/>).</summary>
    /// <param name="encoded">The file contents.</param>
    /// <param name="mode">Gray or RGB.</param>
    /// <param name="sourceName">Named in error messages (e.g. the file path).</param>
    /// <exception cref="InvalidDataException">The bytes are not a decodable image.</exception>
    public static ImageData Decode(byte[] encoded, ImageColorMode mode, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        EnsureDefined(mode);
        return Rgba8Image.Decode(encoded, sourceName ?? "<bytes>").ToImageData(mode);
    }

    /// <summary>
    /// Writes <paramref name="image"/> as a PNG at the depth of <paramref name="sourcePath"/>, the picture it was made from:
    /// 16 bits when that is a 16-bit PNG (returns true), else 8 bits.
    /// </summary>
    public static bool SavePngLike(ImageData image, string path, string sourcePath)
    {
        bool deep = Png16.Is16Bit(sourcePath);
        if (deep) Png16.Save(image, path);
        else SavePng(image, path);
        return deep;
    }

    /// <summary>
    /// Bilinear resize in the float domain with the reference's (OpenCV INTER_LINEAR) sampling: pixel centres
    /// aligned, two taps per axis, edges replicated, no antialiasing when downsampling. No rounding; each
    /// channel separately.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> or <paramref name="width"/> is not positive.</exception>
    public static ImageData Resize(ImageData image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var resized = new float[image.Channels * height * width];
        for (int c = 0; c < image.Channels; c++)
        {
            var plane = image.Pixels.AsSpan(c * image.PlaneSize, image.PlaneSize).ToArray();
            BilinearResampler.ResizePlane(plane, image.Height, image.Width, height, width)
                .CopyTo(resized, c * height * width);
        }
        return new ImageData(image.Channels, height, width, resized);
    }

    /// <summary>
    /// Writes a PNG: values clamped to [0, 1] and rounded to 8 bits; gray as an 8-bit gray PNG, RGB as an
    /// opaque RGB PNG (never transparent). Creates the folder; writes a temporary file next to the target
    /// and moves it over, so a reader never sees a half-written file.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static void SavePng(ImageData image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var encoded = EncodePng(image);
        DurableFile.Replace(path, temporary => File.WriteAllBytes(temporary, encoded));
    }

    /// <summary>Encodes as PNG (see <see cref="SavePng"/>).</summary>
    public static byte[] EncodePng(ImageData image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.EnsureFinite(nameof(image)); // a NaN would be written as black without a word
        var (info, pixels) = image.Channels == 1
            ? (new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque),
               Array.ConvertAll(image.Pixels, Rgba8Image.To8Bits))
            // Opaque alpha type: Skia then writes a colour PNG without an alpha channel.
            : (new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque),
               Rgba8Image.FromImageData(image).ToInterleaved());
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(SKPngEncoderOptions.Default)
                ?? throw new InvalidOperationException("Skia could not encode the image as PNG.");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Reads and decodes a file into 8-bit planes (shared with the mask factory).</summary>
    internal static Rgba8Image LoadRgba8(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        return Rgba8Image.Decode(File.ReadAllBytes(path), path);
    }

    private static void EnsureDefined(ImageColorMode mode)
    {
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown colour mode.");
    }
}
