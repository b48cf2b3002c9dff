namespace Inrr.MLNet.Internal;

/// <summary>Argument checks for the size and scale options every transform has.</summary>
internal static class ImageSizeChecks
{
    /// <summary>Both sizes 0 (taken from the column) or both positive.</summary>
    public static void Check(int height, int width, string heightName, string widthName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height, heightName);
        ArgumentOutOfRangeException.ThrowIfNegative(width, widthName);
        if ((height == 0) != (width == 0))
            throw new ArgumentException($"Give both {heightName} and {widthName}, or neither (0: taken from the column's dimensions).",
                height == 0 ? heightName : widthName);
    }

    /// <summary>Both sizes positive (the transform has no input column to take them from).</summary>
    public static void CheckPositive(int height, int width, string heightName, string widthName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height, heightName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width, widthName);
    }

    public static void CheckScale(float scale, string name)
    {
        if (!(scale > 0) || !float.IsFinite(scale))
            throw new ArgumentOutOfRangeException(name, scale, $"{name} must be a positive finite number (1/255 for 0..255 values, 1 for values in [0, 1]).");
    }
}
