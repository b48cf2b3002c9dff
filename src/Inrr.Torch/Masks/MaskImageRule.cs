namespace Inrr.Torch.Masks;

/// <summary>How the pixels of a mask image (8-bit, after any resize) decide observed versus missing.</summary>
public enum MaskImageRule
{
    /// <summary>The reference rule: observed only if exactly white (R = G = B = 255); anything else is missing.</summary>
    ExactWhiteObserved,

    /// <summary>The inverse: exactly white pixels are missing, everything else observed (white strokes on a picture).</summary>
    ExactWhiteMissing,

    /// <summary>Observed only if fully opaque (alpha = 255); transparent or translucent pixels are missing.</summary>
    AlphaObserved,

    /// <summary>Observed if any colour channel is above 0; pure black is missing.</summary>
    NonBlackObserved,
}
