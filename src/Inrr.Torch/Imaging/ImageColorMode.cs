namespace Inrr.Torch.Imaging;

/// <summary>How a decoded image becomes an <see cref="ImageData"/>.</summary>
public enum ImageColorMode
{
    /// <summary>One channel: ITU-R 601 luma, 0.299 R + 0.587 G + 0.114 B, of the stored RGB values.</summary>
    Gray,

    /// <summary>Three planar channels R, G, B; alpha is dropped (not composited).</summary>
    Rgb,
}

/// <summary>What a colour mode means for the pixel data.</summary>
public static class ImageColorModeExtensions
{
    /// <summary>Planes of an image in this mode: 1 (gray) or 3 (RGB).</summary>
    public static int Channels(this ImageColorMode mode) => mode == ImageColorMode.Gray ? 1 : 3;
}
