namespace Inrr.Torch.Imaging;

/// <summary>What a colour mode means for the pixel data.</summary>
public static class ImageColorModeExtensions
{
    /// <summary>Planes of an image in this mode: 1 (gray) or 3 (RGB).</summary>
    public static int Channels(this ImageColorMode mode) => mode == ImageColorMode.Gray ? 1 : 3;
}
