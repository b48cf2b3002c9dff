using Inrr.MLNet.Internal;
using Inrr.MLNet.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// Applies a mask to a clean image: the benchmark input of a completion experiment. Holes (mask 0) of every
/// channel get the hole value, observed pixels stay as they are; the layout and units of the input are kept. Made
/// by <see cref="ImageCompletionCatalog.ApplyMask"/>.
/// </summary>
/// <remarks>A row without image or mask values (not loaded) stays a row without values.</remarks>
public sealed class MaskApplyingEstimator : InrrEstimator<MaskApplyingEstimator.Options, MaskApplyingTransformer>
{
    /// <summary>Everything that configures <see cref="MaskApplyingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the masked pixel vector column. Default "Observed".</summary>
        public string OutputColumnName { get; set; } = "Observed";

        /// <summary>Name of the clean pixel vector column. Default "Pixels".</summary>
        public string InputColumnName { get; set; } = "Pixels";

        /// <summary>Name of the mask column (1 = observed, 0 = missing, one value per pixel). Default "Mask".</summary>
        public string MaskColumnName { get; set; } = "Mask";

        /// <summary>Value written into the holes. Default 0 (black, so a saved picture shows where the holes are).</summary>
        public float HoleValue { get; set; }

        /// <summary>Image height; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageHeight { get; set; }

        /// <summary>Image width; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageWidth { get; set; }

        /// <summary>Whether the pixels are interleaved (H, W, C) rather than planar. Default false.</summary>
        public bool InterleavedColors { get; set; }

        internal Options Clone() => (Options)MemberwiseClone();
    }

    internal MaskApplyingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, options, o => o.Clone())
    {
        SchemaChecks.CheckColumnName(_options.OutputColumnName, nameof(Options.OutputColumnName));
        SchemaChecks.CheckColumnName(_options.InputColumnName, nameof(Options.InputColumnName));
        SchemaChecks.CheckColumnName(_options.MaskColumnName, nameof(Options.MaskColumnName));
        ImageSizeChecks.Check(_options.ImageHeight, _options.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
    }

    private protected override PixelLayout? CheckShape(SchemaShape inputSchema)
    {
        SchemaChecks.RequireSingleVector(inputSchema, _options.InputColumnName, "image pixels");
        SchemaChecks.RequireSingleVector(inputSchema, _options.MaskColumnName, "mask");
        return PixelLayout.Placeholder(SchemaChecks.Find(inputSchema, _options.InputColumnName)!.Value);
    }

    private protected override PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted)
    {
        var pixelType = SchemaChecks.RequireSingleVector(schema, _options.InputColumnName, "image pixels");
        var maskType = SchemaChecks.RequireSingleVector(schema, _options.MaskColumnName, "mask");
        var layout = PixelLayout.Resolve(pixelType, fitted?.Height ?? _options.ImageHeight, fitted?.Width ?? _options.ImageWidth,
            _options.InterleavedColors, _options.InputColumnName, "image pixels", 1, 3, 4);
        PixelLayout.CheckMask(maskType, layout, _options.MaskColumnName, _options.InputColumnName);
        return fitted ?? layout;
    }

    private protected override PersistentMapping.Blueprint Build(PixelLayout? layout)
    {
        var l = layout!.Value;
        var settings = new MaskApplicationSettings
        {
            InputColumn = _options.InputColumnName,
            MaskColumn = _options.MaskColumnName,
            Channels = l.Channels,
            Height = l.Height,
            Width = l.Width,
            Interleaved = _options.InterleavedColors,
            HoleValue = _options.HoleValue,
        };
        var definition = SchemaDefinition.Create(typeof(OutputPixelsRow), SchemaDefinition.Direction.Write);
        if (l.OutputType(_options.InterleavedColors) is { } type) definition[ColumnNames.Output].ColumnType = type;
        return PersistentMapping.Build<PixelsAndMaskRow, OutputPixelsRow>(Catalog, SettingsJson.Serialize(settings),
            [(_options.InputColumnName, ColumnNames.Pixels), (_options.MaskColumnName, ColumnNames.Mask)],
            [(ColumnNames.Output, _options.OutputColumnName)], new MaskApplicationMapping().Map, MaskApplicationFactory.ContractName, definition);
    }

    private protected override MaskApplyingTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout) => new(mapped, _options.Clone());
}

/// <summary>The fitted <see cref="MaskApplyingEstimator"/>.</summary>
public sealed class MaskApplyingTransformer : InrrTransformer<MaskApplyingEstimator.Options>
{
    internal MaskApplyingTransformer(MappedTransformer mapped, MaskApplyingEstimator.Options options)
        : base(mapped, options)
    {
    }

    /// <summary>The options (a copy).</summary>
    public MaskApplyingEstimator.Options GetOptions() => Options.Clone();
}
