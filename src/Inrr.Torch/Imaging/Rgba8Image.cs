using SkiaSharp;

namespace Inrr.Torch.Imaging;

/// <summary>
/// A decoded image as four 8-bit planes (R, G, B, A; alpha not premultiplied). The reference pipeline
/// (OpenCV) rounds to 8 bits after every step, so its steps are reproduced on this type before the
/// conversion to <see cref="ImageData"/> floats.
/// </summary>
internal sealed class Rgba8Image
{
    /// <summary>Plane indices.</summary>
    public const int Red = 0, Green = 1, Blue = 2, Alpha = 3;

    public Rgba8Image(int height, int width, byte[][] planes)
    {
        Height = height;
        Width = width;
        Planes = planes;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>R, G, B, A planes, each row-major with Height * Width bytes.</summary>
    public byte[][] Planes { get; }

    /// <summary>Decodes PNG, JPEG, BMP (incl. 8-bit palette), GIF or WebP bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an image Skia can decode; the message names <paramref name="sourceName"/>.</exception>
    public static Rgba8Image Decode(byte[] encoded, string sourceName)
    {
        if (encoded.Length == 0)
            throw new InvalidDataException($"Cannot decode image '{sourceName}': it is empty.");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"Cannot decode image '{sourceName}': not a PNG, JPEG, BMP, GIF or WebP image.");
        // No colour space on the target: Skia then returns the stored values without colour management,
        // as cv2.imread does.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(info, out byte[] interleaved);
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"Cannot decode image '{sourceName}': {result}.");
        return FromInterleaved(info.Height, info.Width, interleaved);
    }

    /// <summary>An opaque image from float pixels: clamped to [0, 1] and rounded to 8 bits; gray fills R, G and B.</summary>
    public static Rgba8Image FromImageData(ImageData image)
    {
        int n = image.PlaneSize;
        var planes = new byte[4][];
        for (int c = 0; c < 3; c++)
        {
            int sourceOffset = image.Channels == 1 ? 0 : c * n;
            planes[c] = new byte[n];
            for (int i = 0; i < n; i++)
                planes[c][i] = To8Bits(image.Pixels[sourceOffset + i]);
        }
        planes[Alpha] = new byte[n];
        Array.Fill(planes[Alpha], byte.MaxValue);
        return new Rgba8Image(image.Height, image.Width, planes);
    }

    /// <summary>Clamps to [0, 1] and rounds to the nearest 8-bit level (NaN becomes 0).</summary>
    public static byte To8Bits(float value) =>
        value > 0f ? (byte)(Math.Min(value, 1f) * 255f + 0.5f) : (byte)0;

    /// <summary>OpenCV-exact bilinear resize of all four planes (see <see cref="BilinearResampler"/>).</summary>
    public Rgba8Image Resize(int height, int width) =>
        height == Height && width == Width
            ? this // cv2.resize copies an image that keeps its size
            : new(height, width, Array.ConvertAll(Planes, p => BilinearResampler.ResizePlane(p, Height, Width, height, width)));

    /// <summary>
    /// Nearest-neighbour resize of all four planes: every target pixel takes the source pixel its centre falls in, so
    /// a mask keeps its share of holes (a bilinear resize blends edges, and an exact-white rule then turns every blended
    /// pixel into a hole).
    /// </summary>
    public Rgba8Image ResizeNearest(int height, int width)
    {
        if (height == Height && width == Width) return this;
        var planes = new byte[Planes.Length][];
        for (int c = 0; c < Planes.Length; c++)
        {
            var source = Planes[c];
            var target = planes[c] = new byte[height * width];
            for (int y = 0; y < height; y++)
            {
                int sy = Math.Min(Height - 1, (int)((y + 0.5) * Height / height));
                for (int x = 0; x < width; x++)
                    target[y * width + x] = source[sy * Width + Math.Min(Width - 1, (int)((x + 0.5) * Width / width))];
            }
        }
        return new Rgba8Image(height, width, planes);
    }

    /// <summary>
    /// OpenCV's 8-bit <c>cvtColor(BGR2GRAY)</c>: ITU-R 601 luma with 15-bit fixed-point weights
    /// (9798, 19235, 3735; they sum to 2^15), rounded; returned with R = G = B = gray and alpha kept.
    /// </summary>
    public Rgba8Image ToOpenCvGray()
    {
        var luma = new byte[Height * Width];
        for (int i = 0; i < luma.Length; i++)
            luma[i] = (byte)((Planes[Red][i] * 9798 + Planes[Green][i] * 19235 + Planes[Blue][i] * 3735 + (1 << 14)) >> 15);
        return new Rgba8Image(Height, Width, [luma, luma, luma, Planes[Alpha]]);
    }

    /// <summary>
    /// Float pixels (value / 255), alpha dropped. Gray is the exact ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B,
    /// not rounded; a pixel with R = G = B keeps its value exactly.
    /// </summary>
    public ImageData ToImageData(ImageColorMode mode)
    {
        int n = Height * Width;
        if (mode == ImageColorMode.Rgb)
        {
            var rgb = new float[3 * n];
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < n; i++)
                    rgb[c * n + i] = Planes[c][i] / 255f;
            return new ImageData(3, Height, Width, rgb);
        }
        var gray = new float[n];
        for (int i = 0; i < n; i++)
            gray[i] = Luma(Planes[Red][i], Planes[Green][i], Planes[Blue][i]);
        return new ImageData(1, Height, Width, gray);
    }

    /// <summary>Interleaved RGBA bytes (Skia's layout for encoding).</summary>
    public byte[] ToInterleaved()
    {
        var interleaved = new byte[4 * Height * Width];
        for (int i = 0; i < Height * Width; i++)
            for (int c = 0; c < 4; c++)
                interleaved[4 * i + c] = Planes[c][i];
        return interleaved;
    }

    private static Rgba8Image FromInterleaved(int height, int width, byte[] interleaved)
    {
        int n = height * width;
        var planes = new byte[4][];
        for (int c = 0; c < 4; c++)
        {
            planes[c] = new byte[n];
            for (int i = 0; i < n; i++)
                planes[c][i] = interleaved[4 * i + c];
        }
        return new Rgba8Image(height, width, planes);
    }

    private static float Luma(byte r, byte g, byte b) =>
        r == g && g == b
            ? r / 255f // exact for gray sources; the weighted sum could be one ulp off
            : (float)((0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
}
