using Inrr.MLNet.Internal;
using Inrr.MLNet.Persistence;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>Which generated mask <see cref="MaskGeneratingEstimator"/> makes (the engine's <see cref="MaskFactory"/> kinds).</summary>
public enum MaskKind
{
    /// <summary>Uniformly random holes: <see cref="MaskGeneratingEstimator.Options.MissingRate"/> of the pixels, chosen by <see cref="MaskGeneratingEstimator.Options.Seed"/>.</summary>
    Random,

    /// <summary>Rectangular holes: <see cref="MaskGeneratingEstimator.Options.Holes"/>.</summary>
    Patch,

    /// <summary>A caption drawn as holes: <see cref="MaskGeneratingEstimator.Options.Text"/>.</summary>
    Text,

    /// <summary>Only every <see cref="MaskGeneratingEstimator.Options.Stride"/>-th row and column observed.</summary>
    Downsample,
}

/// <summary>
/// Adds a generated mask column (1 = observed, 0 = missing, one value per pixel, row-major): the same mask for every
/// row, as in the paper's benchmarks. Needs no input column. Made by
/// <see cref="ImageCompletionCatalog.GenerateMask(TransformsCatalog, MaskGeneratingEstimator.Options)"/>.
/// </summary>
public sealed class MaskGeneratingEstimator : InrrEstimator<MaskGeneratingEstimator.Options, MaskGeneratingTransformer>
{
    /// <summary>Everything that configures <see cref="MaskGeneratingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the mask column. Default "Mask".</summary>
        public string OutputColumnName { get; set; } = "Mask";

        /// <summary>Mask height in pixels (required).</summary>
        public int ImageHeight { get; set; }

        /// <summary>Mask width in pixels (required).</summary>
        public int ImageWidth { get; set; }

        /// <summary>Which mask. Default <see cref="MaskKind.Random"/>.</summary>
        public MaskKind Kind { get; set; } = MaskKind.Random;

        /// <summary>For <see cref="MaskKind.Random"/>: fraction of pixels missing, in (0, 1). Default 0.5.</summary>
        public double MissingRate { get; set; } = 0.5;

        /// <summary>For <see cref="MaskKind.Random"/>: the seed; a seed always gives the same mask. Default 0.</summary>
        public int Seed { get; set; }

        /// <summary>For <see cref="MaskKind.Patch"/>: the hole rectangles. Default none.</summary>
        public PixelRect[] Holes { get; set; } = [];

        /// <summary>For <see cref="MaskKind.Text"/>: the caption. Default empty.</summary>
        public string Text { get; set; } = "";

        /// <summary>For <see cref="MaskKind.Text"/>: stroke thickness in pixels; 0 picks one from the size. Default 0.</summary>
        public int TextScale { get; set; }

        /// <summary>For <see cref="MaskKind.Downsample"/>: keep every stride-th row and column (at least 2). Default 2.</summary>
        public int Stride { get; set; } = 2;

        internal Options Clone() => (Options)MemberwiseClone();
    }

    private readonly MaskGenerationSettings _settings;

    internal MaskGeneratingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, options, o => o.Clone())
    {
        SchemaChecks.CheckColumnName(_options.OutputColumnName, nameof(Options.OutputColumnName));
        ImageSizeChecks.CheckPositive(_options.ImageHeight, _options.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
        if (!Enum.IsDefined(_options.Kind)) throw new ArgumentOutOfRangeException(nameof(Options.Kind), _options.Kind, "Unknown mask kind.");
        ArgumentNullException.ThrowIfNull(_options.Holes, nameof(Options.Holes));
        ArgumentNullException.ThrowIfNull(_options.Text, nameof(Options.Text));
        _settings = new MaskGenerationSettings
        {
            Kind = _options.Kind,
            Height = _options.ImageHeight,
            Width = _options.ImageWidth,
            MissingRate = _options.MissingRate,
            Seed = _options.Seed,
            Holes = (PixelRect[])_options.Holes.Clone(),
            Text = _options.Text,
            TextScale = _options.TextScale,
            Stride = _options.Stride,
        };
        _settings.Create(); // rejects arguments that leave nothing to fit or complete, naming them, now rather than per row
    }

    private protected override PixelLayout? CheckShape(SchemaShape inputSchema) => null; // reads no column

    private protected override PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted) => null;

    private protected override MaskGeneratingTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout) => new(mapped, _options.Clone());

    private protected override PersistentMapping.Blueprint Build(PixelLayout? layout)
    {
        var definition = SchemaDefinition.Create(typeof(MaskRow), SchemaDefinition.Direction.Write);
        definition[ColumnNames.Mask].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _options.ImageHeight, _options.ImageWidth);
        return PersistentMapping.Build<SettingsRow, MaskRow>(Catalog, SettingsJson.Serialize(_settings), [],
            [(ColumnNames.Mask, _options.OutputColumnName)], new MaskGenerationMapping().Map, MaskGenerationFactory.ContractName, definition);
    }
}

/// <summary>The fitted <see cref="MaskGeneratingEstimator"/>.</summary>
public sealed class MaskGeneratingTransformer : InrrTransformer<MaskGeneratingEstimator.Options>
{
    internal MaskGeneratingTransformer(MappedTransformer mapped, MaskGeneratingEstimator.Options options)
        : base(mapped, options)
    {
    }

    /// <summary>The options (a copy).</summary>
    public MaskGeneratingEstimator.Options GetOptions() => Options.Clone();
}
