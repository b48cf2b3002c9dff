namespace Inrr.MLNet;

/// <summary>Default values shared by the Inrr transforms' options and catalog methods.</summary>
public static class ImageCompletionDefaults
{
    /// <summary>
    /// The scale from a pixel column's units to the engine's [0, 1]: 1/255, for what ML.NET's <c>ExtractPixels</c>
    /// makes by default (values 0..255). Use 1 for columns already in [0, 1].
    /// </summary>
    public const float PixelScale = 1f / 255;

    /// <summary>Completed rows a fitted completion transformer remembers, so a second pass over them fits nothing again.</summary>
    public const int CacheCapacity = 32;
}
