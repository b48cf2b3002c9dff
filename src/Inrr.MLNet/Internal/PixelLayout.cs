using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>
/// The geometry of a pixel vector column: channels x height x width, planar (channel-major, as ExtractPixels makes
/// it by default) or interleaved. <see cref="Channels"/> is 0 when the column does not fix it (a variable-length
/// vector): each row's length then decides, and must be a multiple of the plane.
/// </summary>
internal readonly record struct PixelLayout(int Channels, int Height, int Width)
{
    public int Plane => Height * Width;

    /// <summary>
    /// A layout for building from a schema shape, where sizes are unknown: gives the outputs the input's vector kind
    /// (a known-size vector, or a variable-length one with Channels 0).
    /// </summary>
    public static PixelLayout Placeholder(Microsoft.ML.SchemaShape.Column pixels) =>
        pixels.Kind == Microsoft.ML.SchemaShape.Column.VectorKind.Vector ? new PixelLayout(1, 1, 1) : new PixelLayout(0, 1, 1);

    /// <summary>The declared length, or 0 when only each row knows it.</summary>
    public int Length => Channels * Plane;

    /// <summary>
    /// Resolves the layout of pixel column <paramref name="name"/> from its type and the sizes the user gave
    /// (0 = take them from the type's dimensions, as ExtractPixels declares them: [C, H, W], or [H, W, C] when
    /// interleaved). <paramref name="allowedChannels"/> lists the plane counts the transform accepts.
    /// </summary>
    public static PixelLayout Resolve(VectorDataViewType type, int height, int width, bool interleaved,
        string name, string role, params int[] allowedChannels)
    {
        string allowed = string.Join(" or ", allowedChannels);
        if (type.IsKnownSize)
        {
            var dims = type.Dimensions;
            if (dims.Length == 3)
            {
                var (c, h, w) = interleaved ? (dims[2], dims[0], dims[1]) : (dims[0], dims[1], dims[2]);
                CheckGiven(height, h, "height", name, role, type);
                CheckGiven(width, w, "width", name, role, type);
                if (!allowedChannels.Contains(c))
                    throw SchemaChecks.Mismatch($"Input column '{name}' ({role}) has {c} planes ({type}); expected {allowed}.");
                return new PixelLayout(c, h, w);
            }
            if (dims.Length == 2 && height == 0 && width == 0 && allowedChannels.Contains(1))
                return new PixelLayout(1, dims[0], dims[1]);
            if (height <= 0 || width <= 0)
                throw SchemaChecks.Mismatch(
                    $"Input column '{name}' ({role}) is {type}, which does not say the image height and width: give imageHeight and imageWidth.");
            long plane = (long)height * width;
            if (type.Size % plane != 0 || !allowedChannels.Contains((int)(type.Size / plane)))
                throw SchemaChecks.Mismatch(
                    $"Input column '{name}' ({role}) has {type.Size} values, which is not {allowed} planes of {height}x{width} = {plane} pixels.");
            return new PixelLayout((int)(type.Size / plane), height, width);
        }
        if (height <= 0 || width <= 0)
            throw SchemaChecks.Mismatch(
                $"Input column '{name}' ({role}) is a variable-length vector: give imageHeight and imageWidth.");
        return new PixelLayout(0, height, width);
    }

    /// <summary>Checks that mask column <paramref name="name"/> has one value per pixel of <paramref name="image"/>.</summary>
    public static void CheckMask(VectorDataViewType type, PixelLayout image, string name, string imageName)
    {
        if (!type.IsKnownSize) return; // each row is checked when read
        var dims = type.Dimensions;
        bool sameShape = dims.Length == 2 ? dims[0] == image.Height && dims[1] == image.Width : type.Size == image.Plane;
        if (!sameShape)
            throw SchemaChecks.Mismatch(
                $"Input column '{name}' (mask) is {type}, but the image in column '{imageName}' is {image.Height}x{image.Width}: the mask needs one value per pixel ({image.Plane}).");
    }

    private static void CheckGiven(int given, int actual, string what, string name, string role, VectorDataViewType type)
    {
        if (given > 0 && given != actual)
            throw SchemaChecks.Mismatch($"Input column '{name}' ({role}) is {type}, but image {what} {given} was given.");
    }

    /// <summary>The vector type to declare for an output with this layout (sizes known), or null (variable).</summary>
    public VectorDataViewType? OutputType(bool interleaved) => Channels == 0
        ? null
        : interleaved
            ? new VectorDataViewType(NumberDataViewType.Single, Height, Width, Channels)
            : new VectorDataViewType(NumberDataViewType.Single, Channels, Height, Width);
}
