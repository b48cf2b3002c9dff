using Inrr.MLNet.Internal;
using Inrr.MLNet.Persistence;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// Makes a mask column from the pixels of a mask image with the engine's threshold rule (by default the reference's:
/// exactly white = observed, anything else missing). The input is the mask image as ExtractPixels makes it: 1 plane
/// (gray), 3 (R, G, B) or 4 (A, R, G, B: <c>colorsToExtract: ColorBits.All</c>, needed for
/// <see cref="MaskImageRule.AlphaObserved"/>). Values are brought to [0, 1] with the pixel scale and rounded to
/// 8 bits before the rule. Made by <see cref="ImageCompletionCatalog.ExtractMask"/>.
/// </summary>
/// <remarks>
/// A row without values (a mask image that could not be loaded) gives a mask row without values, which image
/// completion reports as a bad row. The reference resizes its mask bilinearly before thresholding; ResizeImages is
/// bilinear too but not bit-identical to OpenCV, so mask edges may differ by a pixel from the engine's
/// <see cref="MaskFactory.FromFile(string, int?, int?, MaskImageRule)"/>.
/// </remarks>
public sealed class MaskExtractingEstimator : InrrEstimator<MaskExtractingEstimator.Options, MaskExtractingTransformer>
{
    /// <summary>Everything that configures <see cref="MaskExtractingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the mask column. Default "Mask".</summary>
        public string OutputColumnName { get; set; } = "Mask";

        /// <summary>Name of the column with the mask image's pixels (planar, as ExtractPixels makes it). Default "MaskPixels".</summary>
        public string InputColumnName { get; set; } = "MaskPixels";

        /// <summary>Which pixels are observed. Default <see cref="MaskImageRule.ExactWhiteObserved"/> (the reference's rule).</summary>
        public MaskImageRule Rule { get; set; } = MaskImageRule.ExactWhiteObserved;

        /// <summary>Mask height; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageHeight { get; set; }

        /// <summary>Mask width; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageWidth { get; set; }

        /// <summary>Factor that brings the values into [0, 1]. Default 1/255 (ExtractPixels' default 0..255).</summary>
        public float PixelScale { get; set; } = ImageCompletionDefaults.PixelScale;

        internal Options Clone() => (Options)MemberwiseClone();
    }


    internal MaskExtractingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, options, o => o.Clone())
    {
        SchemaChecks.CheckColumnName(_options.OutputColumnName, nameof(Options.OutputColumnName));
        SchemaChecks.CheckColumnName(_options.InputColumnName, nameof(Options.InputColumnName));
        if (!Enum.IsDefined(_options.Rule)) throw new ArgumentOutOfRangeException(nameof(Options.Rule), _options.Rule, "Unknown mask image rule.");
        ImageSizeChecks.Check(_options.ImageHeight, _options.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
        ImageSizeChecks.CheckScale(_options.PixelScale, nameof(Options.PixelScale));
    }

    private protected override PixelLayout? CheckShape(SchemaShape inputSchema)
    {
        SchemaChecks.RequireSingleVector(inputSchema, _options.InputColumnName, "mask image pixels");
        return new PixelLayout(1, 1, 1);
    }

    private protected override PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted)
    {
        var type = SchemaChecks.RequireSingleVector(schema, _options.InputColumnName, "mask image pixels");
        var layout = PixelLayout.Resolve(type, fitted?.Height ?? _options.ImageHeight, fitted?.Width ?? _options.ImageWidth,
            interleaved: false, _options.InputColumnName, "mask image pixels", 1, 3, 4);
        if (_options.Rule == MaskImageRule.AlphaObserved && layout.Channels is not (0 or 4))
            throw SchemaChecks.Mismatch(
                $"Input column '{_options.InputColumnName}' (mask image pixels) has {layout.Channels} planes; the alpha rule needs 4 (A, R, G, B: ExtractPixels with ColorBits.All).");
        return fitted ?? layout;
    }

    private protected override MaskExtractingTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout) => new(mapped, _options.Clone());

    private protected override PersistentMapping.Blueprint Build(PixelLayout? fittedLayout)
    {
        var layout = fittedLayout!.Value;
        var settings = new MaskExtractionSettings
        {
            InputColumn = _options.InputColumnName,
            Rule = _options.Rule,
            Channels = layout.Channels,
            Height = layout.Height,
            Width = layout.Width,
            PixelScale = _options.PixelScale,
        };
        var definition = SchemaDefinition.Create(typeof(MaskRow), SchemaDefinition.Direction.Write);
        definition[ColumnNames.Mask].ColumnType = new VectorDataViewType(NumberDataViewType.Single, layout.Height, layout.Width);
        return PersistentMapping.Build<PixelsRow, MaskRow>(Catalog, SettingsJson.Serialize(settings),
            [(_options.InputColumnName, ColumnNames.Pixels)], [(ColumnNames.Mask, _options.OutputColumnName)],
            new MaskExtractionMapping().Map, MaskExtractionFactory.ContractName, definition);
    }
}

/// <summary>The fitted <see cref="MaskExtractingEstimator"/>.</summary>
public sealed class MaskExtractingTransformer : InrrTransformer<MaskExtractingEstimator.Options>
{
    internal MaskExtractingTransformer(MappedTransformer mapped, MaskExtractingEstimator.Options options)
        : base(mapped, options)
    {
    }

    /// <summary>The options (a copy).</summary>
    public MaskExtractingEstimator.Options GetOptions() => Options.Clone();
}
