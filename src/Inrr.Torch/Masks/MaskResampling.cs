namespace Inrr.Torch.Masks;

/// <summary>How a mask image is resized to the picture's size.</summary>
public enum MaskResampling
{
    /// <summary>OpenCV-exact bilinear, then the rule on the blended 8-bit values: the reference's loading (holes grow at their edges).</summary>
    Bilinear,

    /// <summary>Nearest neighbour: every pixel keeps a source pixel's value, so the share of holes is kept.</summary>
    Nearest,
}
