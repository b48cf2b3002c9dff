using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>Reading and writing the pixel vectors of a row.</summary>
internal static class Vectors
{
    /// <summary>
    /// True when a vector holds no values at all: length 0, or sparse with no explicit value. ExtractPixels makes
    /// the latter for an image that is missing (null), so it means "no image", never "a black image" (a real image
    /// is always dense).
    /// </summary>
    public static bool IsEmpty(in VBuffer<float> vector) => vector.Length == 0 || (!vector.IsDense && vector.GetValues().Length == 0);

    /// <summary>A dense copy (the row's buffer is reused by ML.NET).</summary>
    public static float[] ToArray(in VBuffer<float> vector)
    {
        var values = new float[vector.Length];
        vector.CopyTo(values);
        return values;
    }

    /// <summary>The "no values" vector of a given length (see <see cref="IsEmpty"/>).</summary>
    public static VBuffer<float> Empty(int length) => new(length, 0, [], []);

    public static VBuffer<float> Dense(float[] values) => new(values.Length, values);

    public static VBuffer<float> NaN(int length)
    {
        var values = new float[length];
        Array.Fill(values, float.NaN);
        return new VBuffer<float>(length, values);
    }

    /// <summary>Interleaved (H, W, C) to planar (C, H, W).</summary>
    public static float[] ToPlanar(float[] interleaved, int channels, int plane)
    {
        if (channels == 1) return interleaved;
        var planar = new float[interleaved.Length];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < channels; c++)
                planar[c * plane + i] = interleaved[i * channels + c];
        return planar;
    }

    /// <summary>Planar (C, H, W) to interleaved (H, W, C).</summary>
    public static float[] ToInterleaved(float[] planar, int channels, int plane)
    {
        if (channels == 1) return planar;
        var interleaved = new float[planar.Length];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < channels; c++)
                interleaved[i * channels + c] = planar[c * plane + i];
        return interleaved;
    }

    /// <summary>The plane count of a row of <paramref name="length"/> values, or an error naming the column.</summary>
    public static int ChannelsOf(int length, PixelLayout layout, string column, params int[] allowed)
    {
        if (layout.Channels > 0)
        {
            if (length != layout.Length)
                throw new BadRowException($"column '{column}' has {length} values in this row, expected {layout.Channels}x{layout.Height}x{layout.Width} = {layout.Length}.");
            return layout.Channels;
        }
        if (length % layout.Plane != 0 || !allowed.Contains(length / layout.Plane))
            throw new BadRowException(
                $"column '{column}' has {length} values in this row, which is not {string.Join(" or ", allowed)} planes of {layout.Height}x{layout.Width} pixels.");
        return length / layout.Plane;
    }
}

/// <summary>A row whose values cannot be used; the message starts in lower case and names the column.</summary>
internal sealed class BadRowException(string message) : Exception(message);
