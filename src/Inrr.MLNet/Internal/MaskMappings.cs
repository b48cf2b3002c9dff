using Inrr.MLNet.Persistence;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.MLNet.Internal;

/// <summary>The saved settings of <see cref="MaskGeneratingTransformer"/>.</summary>
internal sealed record MaskGenerationSettings
{
    public MaskKind Kind { get; init; }
    public int Height { get; init; }
    public int Width { get; init; }
    public double MissingRate { get; init; }
    public int Seed { get; init; }
    public PixelRect[] Holes { get; init; } = [];
    public string Text { get; init; } = "";
    public int TextScale { get; init; }
    public int Stride { get; init; }

    /// <summary>The mask, from the engine's factory (which rejects arguments that leave nothing to fit or complete).</summary>
    public Mask Create() => Kind switch
    {
        MaskKind.Random => MaskFactory.Random(Height, Width, MissingRate, Seed),
        MaskKind.Patch => MaskFactory.Patch(Height, Width, Holes),
        MaskKind.Text => MaskFactory.Text(Height, Width, Text, TextScale),
        MaskKind.Downsample => MaskFactory.Downsample(Height, Width, Stride),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown mask kind."),
    };
}

/// <summary>Every row gets the same generated mask; it is computed once per settings string.</summary>
internal sealed class MaskGenerationMapping
{
    private readonly SettingsCache<MaskGenerationSettings> _settings = new("mask generation");
    private volatile Tuple<MaskGenerationSettings, float[]>? _mask;

    public void Map(SettingsRow input, MaskRow output)
    {
        var settings = _settings.Get(input.Settings);
        var mask = _mask;
        if (mask is null || !ReferenceEquals(mask.Item1, settings))
            _mask = mask = Tuple.Create(settings, settings.Create().Values);
        output.Mask = Vectors.Dense((float[])mask.Item2.Clone());
    }
}

/// <summary>The saved settings of <see cref="MaskExtractingTransformer"/>.</summary>
internal sealed record MaskExtractionSettings
{
    public required string InputColumn { get; init; }
    public MaskImageRule Rule { get; init; }
    public int Channels { get; init; }
    public int Height { get; init; }
    public int Width { get; init; }
    public float PixelScale { get; init; }
}

/// <summary>
/// A mask from the pixels of a mask image with the engine's rule: values are brought to [0, 1], rounded to 8 bits,
/// then <see cref="MaskFactory.FromImage"/> decides (alpha rule: the first of four planes, ExtractPixels' ARGB order,
/// must be 255). A row without values (a mask image that was not loaded) gives a row without values.
/// </summary>
internal sealed class MaskExtractionMapping
{
    private readonly SettingsCache<MaskExtractionSettings> _settings = new("mask extraction");

    public void Map(PixelsRow input, MaskRow output)
    {
        var s = _settings.Get(input.Settings);
        var layout = new PixelLayout(s.Channels, s.Height, s.Width);
        if (Vectors.IsEmpty(input.Pixels))
        {
            output.Mask = Vectors.Empty(layout.Plane);
            return;
        }
        var pixels = Vectors.ToArray(input.Pixels);
        int channels;
        try
        {
            channels = Vectors.ChannelsOf(pixels.Length, layout, s.InputColumn, 1, 3, 4);
        }
        catch (BadRowException e)
        {
            throw new InvalidOperationException("Mask extraction: " + e.Message, e);
        }
        int plane = layout.Plane;
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = Math.Clamp(float.IsNaN(pixels[i]) ? 0f : pixels[i] * s.PixelScale, 0f, 1f);

        if (s.Rule == MaskImageRule.AlphaObserved)
        {
            if (channels != 4)
                throw new InvalidOperationException(
                    $"Mask extraction: the alpha rule needs four planes (A, R, G, B) in column '{s.InputColumn}'; this row has {channels}.");
            var values = new float[plane];
            for (int i = 0; i < plane; i++)
                values[i] = MathF.Round(pixels[i] * 255f) == 255f ? 1f : 0f;
            output.Mask = Vectors.Dense(values);
            return;
        }
        // Colour rules look at R, G and B; with four planes (ARGB) the colour planes are the last three.
        var colour = channels == 4 ? pixels.AsSpan(plane).ToArray() : pixels;
        var image = new ImageData(channels == 1 ? 1 : 3, layout.Height, layout.Width, colour);
        output.Mask = Vectors.Dense(MaskFactory.FromImage(image, s.Rule).Values);
    }
}

/// <summary>The saved settings of <see cref="MaskApplyingTransformer"/>.</summary>
internal sealed record MaskApplicationSettings
{
    public required string InputColumn { get; init; }
    public required string MaskColumn { get; init; }
    public int Channels { get; init; }
    public int Height { get; init; }
    public int Width { get; init; }
    public bool Interleaved { get; init; }
    public float HoleValue { get; init; }
}

/// <summary>Sets the holes of every channel to the hole value. A row without image or mask values stays without values.</summary>
internal sealed class MaskApplicationMapping
{
    private readonly SettingsCache<MaskApplicationSettings> _settings = new("mask application");

    public void Map(PixelsAndMaskRow input, OutputPixelsRow output)
    {
        var s = _settings.Get(input.Settings);
        var layout = new PixelLayout(s.Channels, s.Height, s.Width);
        if (Vectors.IsEmpty(input.Pixels) || Vectors.IsEmpty(input.Mask))
        {
            output.Output = Vectors.Empty(layout.Channels > 0 ? layout.Length : input.Pixels.Length);
            return;
        }
        var pixels = Vectors.ToArray(input.Pixels);
        var mask = Vectors.ToArray(input.Mask);
        int channels;
        try
        {
            channels = Vectors.ChannelsOf(pixels.Length, layout, s.InputColumn, 1, 3, 4);
        }
        catch (BadRowException e)
        {
            throw new InvalidOperationException("Mask application: " + e.Message, e);
        }
        if (mask.Length != layout.Plane)
            throw new InvalidOperationException(
                $"Mask application: column '{s.MaskColumn}' has {mask.Length} values in this row, but the image in column '{s.InputColumn}' has {layout.Plane} pixels per channel.");
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < layout.Plane; i++)
                if (mask[i] == 0f)
                    pixels[s.Interleaved ? i * channels + c : c * layout.Plane + i] = s.HoleValue;
        output.Output = Vectors.Dense(pixels);
    }
}
