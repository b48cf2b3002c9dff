namespace Inrr.Torch.Imaging;

/// <summary>How a decoded image becomes an <see cref="ImageData"/>.</summary>
public enum ImageColorMode
{
    /// <summary>One channel: ITU-R 601 luma, 0.299 R + 0.587 G + 0.114 B, of the stored RGB values.</summary>
    Gray,

    /// <summary>Three planar channels R, G, B; alpha is dropped (not composited).</summary>
    Rgb,
}
