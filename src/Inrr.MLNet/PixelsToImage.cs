using Inrr.MLNet.Internal;
using Inrr.MLNet.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// Converts a pixel vector (gray or RGB, e.g. a completed image) to an opaque <see cref="MLImage"/> that can be
/// saved as PNG. Made by <see cref="ImageCompletionCatalog.ConvertPixelsToImage"/>.
/// </summary>
/// <remarks>
/// Why not ML.NET's <c>ConvertToImage</c>: in 5.0.1 it writes alpha 0 (a fully transparent picture) whenever it
/// scales the values and the vector has no alpha plane, it cannot make a gray picture from one plane, and it needs
/// a vector of known size, which a completion loaded from a saved model no longer declares. This transform accepts
/// either kind of vector and writes alpha 255. A row without values, or with a NaN (a completion that failed under
/// <see cref="ErrorPolicy.Mark"/>), gives a null image, never a wrong picture.
/// </remarks>
public sealed class PixelsToImageConvertingEstimator : InrrEstimator<PixelsToImageConvertingEstimator.Options, PixelsToImageConvertingTransformer>
{
    /// <summary>Everything that configures <see cref="PixelsToImageConvertingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the image column. Default "Image".</summary>
        public string OutputColumnName { get; set; } = "Image";

        /// <summary>Name of the pixel vector column. Default "Completed".</summary>
        public string InputColumnName { get; set; } = "Completed";

        /// <summary>Image height; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageHeight { get; set; }

        /// <summary>Image width; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageWidth { get; set; }

        /// <summary>Whether the pixels are interleaved (H, W, C) rather than planar. Default false.</summary>
        public bool InterleavedColors { get; set; }

        /// <summary>Factor that brings the values into [0, 1] (then rounded to 8 bits). Default 1/255 (ExtractPixels' 0..255).</summary>
        public float PixelScale { get; set; } = ImageCompletionDefaults.PixelScale;

        internal Options Clone() => (Options)MemberwiseClone();
    }


    internal PixelsToImageConvertingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, options, o => o.Clone())
    {
        SchemaChecks.CheckColumnName(_options.OutputColumnName, nameof(Options.OutputColumnName));
        SchemaChecks.CheckColumnName(_options.InputColumnName, nameof(Options.InputColumnName));
        ImageSizeChecks.Check(_options.ImageHeight, _options.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
        ImageSizeChecks.CheckScale(_options.PixelScale, nameof(Options.PixelScale));
    }

    private protected override PixelLayout? CheckShape(SchemaShape inputSchema)
    {
        SchemaChecks.RequireSingleVector(inputSchema, _options.InputColumnName, "image pixels");
        return new PixelLayout(1, 1, 1);
    }

    private protected override PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted)
    {
        var type = SchemaChecks.RequireSingleVector(schema, _options.InputColumnName, "image pixels");
        var layout = PixelLayout.Resolve(type, fitted?.Height ?? _options.ImageHeight, fitted?.Width ?? _options.ImageWidth,
            _options.InterleavedColors, _options.InputColumnName, "image pixels", 1, 3);
        return fitted ?? layout;
    }

    private protected override PixelsToImageConvertingTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout) => new(mapped, _options.Clone());

    private protected override PersistentMapping.Blueprint Build(PixelLayout? fittedLayout)
    {
        var layout = fittedLayout!.Value;
        var settings = new PixelsToImageSettings
        {
            InputColumn = _options.InputColumnName,
            Channels = layout.Channels,
            Height = layout.Height,
            Width = layout.Width,
            Interleaved = _options.InterleavedColors,
            PixelScale = _options.PixelScale,
        };
        return PersistentMapping.Build<PixelsRow, ImageRow>(Catalog, SettingsJson.Serialize(settings),
            [(_options.InputColumnName, ColumnNames.Pixels)], [(ColumnNames.Image, _options.OutputColumnName)],
            new PixelsToImageMapping().Map, PixelsToImageFactory.ContractName, outputDefinition: null);
    }
}

/// <summary>The fitted <see cref="PixelsToImageConvertingEstimator"/>.</summary>
public sealed class PixelsToImageConvertingTransformer : InrrTransformer<PixelsToImageConvertingEstimator.Options>
{
    internal PixelsToImageConvertingTransformer(MappedTransformer mapped, PixelsToImageConvertingEstimator.Options options)
        : base(mapped, options)
    {
    }

    /// <summary>The options (a copy).</summary>
    public PixelsToImageConvertingEstimator.Options GetOptions() => Options.Clone();
}
