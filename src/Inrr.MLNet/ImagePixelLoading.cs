using Inrr.MLNet.Internal;
using Inrr.MLNet.Persistence;
using Inrr.Torch.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// Loads image files straight into pixel vectors, tolerating bad files: what <c>LoadImages</c> -&gt;
/// <c>ResizeImages</c> -&gt; <c>ExtractPixels</c> make (planar, R, G, B or gray, 0..255 by default), in one step that
/// uses the engine's reference loader (the same bilinear 8-bit resize as the paper's protocol). Made by
/// <see cref="ImageCompletionCatalog.LoadImagePixels"/>.
/// </summary>
/// <remarks>
/// Why not ML.NET's three transforms when a folder may hold a bad file: <c>LoadImages</c> throws while the rows are
/// read, which ends the whole pass, and <c>ResizeImages</c> in 5.0.1 cannot pass on a missing image (after a valid row
/// it hands on the previous, already disposed picture). Here a file that is missing or cannot be decoded gives a
/// vector without values and a message in the error column; image completion then reports that row under its
/// <see cref="ErrorPolicy"/> and completes the others.
/// </remarks>
public sealed class ImagePixelLoadingEstimator : InrrEstimator<ImagePixelLoadingEstimator.Options, ImagePixelLoadingTransformer>
{
    /// <summary>Everything that configures <see cref="ImagePixelLoadingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the pixel vector column. Default "Pixels".</summary>
        public string OutputColumnName { get; set; } = "Pixels";

        /// <summary>Name of the text column with the image paths. Default "ImagePath".</summary>
        public string InputColumnName { get; set; } = "ImagePath";

        /// <summary>Folder the paths are relative to; null when they are absolute or relative to the working folder. Default null.</summary>
        public string? ImageFolder { get; set; }

        /// <summary>Height the images are resized to (required).</summary>
        public int ImageHeight { get; set; }

        /// <summary>Width the images are resized to (required).</summary>
        public int ImageWidth { get; set; }

        /// <summary>Three planes R, G, B, or one gray plane (ITU-R 601). Default <see cref="ImageColorMode.Rgb"/>, as ExtractPixels.</summary>
        public ImageColorMode ColorMode { get; set; } = ImageColorMode.Rgb;

        /// <summary>The column's values are the [0, 1] values divided by this. Default 1/255 (0..255, as ExtractPixels); 1 for [0, 1].</summary>
        public float PixelScale { get; set; } = ImageCompletionDefaults.PixelScale;

        /// <summary>Name of the error column (text, empty when the file loaded); null means <see cref="OutputColumnName"/> + "Error". Default null.</summary>
        public string? ErrorColumnName { get; set; }

        internal Options Clone() => (Options)MemberwiseClone();
    }


    internal ImagePixelLoadingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, options, o => o.Clone())
    {
        SchemaChecks.CheckColumnName(_options.OutputColumnName, nameof(Options.OutputColumnName));
        SchemaChecks.CheckColumnName(_options.InputColumnName, nameof(Options.InputColumnName));
        SchemaChecks.CheckColumnName(ErrorColumn, nameof(Options.ErrorColumnName));
        if (ErrorColumn == _options.OutputColumnName)
            throw new ArgumentException($"The error column must differ from the pixel column '{_options.OutputColumnName}'.", nameof(Options.ErrorColumnName));
        ImageSizeChecks.CheckPositive(_options.ImageHeight, _options.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
        if (!Enum.IsDefined(_options.ColorMode)) throw new ArgumentOutOfRangeException(nameof(Options.ColorMode), _options.ColorMode, "Unknown colour mode.");
        ImageSizeChecks.CheckScale(_options.PixelScale, nameof(Options.PixelScale));
    }

    private string ErrorColumn => _options.ErrorColumnName ?? _options.OutputColumnName + "Error";

    private protected override PixelLayout? CheckShape(SchemaShape inputSchema)
    {
        SchemaChecks.RequireText(inputSchema, _options.InputColumnName, "image path");
        return null;
    }

    private protected override PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted)
    {
        SchemaChecks.RequireText(schema, _options.InputColumnName, "image path");
        return null;
    }

    private protected override ImagePixelLoadingTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout) => new(mapped, _options.Clone());

    private protected override PersistentMapping.Blueprint Build(PixelLayout? layout)
    {
        var settings = new ImagePixelLoadingSettings
        {
            ImageFolder = _options.ImageFolder,
            Height = _options.ImageHeight,
            Width = _options.ImageWidth,
            ColorMode = _options.ColorMode,
            PixelScale = _options.PixelScale,
        };
        int channels = _options.ColorMode.Channels();
        var definition = SchemaDefinition.Create(typeof(LoadedPixelsRow), SchemaDefinition.Direction.Write);
        definition[ColumnNames.Pixels].ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels, _options.ImageHeight, _options.ImageWidth);
        return PersistentMapping.Build<PathRow, LoadedPixelsRow>(Catalog, SettingsJson.Serialize(settings),
            [(_options.InputColumnName, ColumnNames.Path)],
            [(ColumnNames.Pixels, _options.OutputColumnName), (ColumnNames.Error, ErrorColumn)],
            new ImagePixelLoadingMapping().Map, ImagePixelLoadingFactory.ContractName, definition);
    }
}

/// <summary>The fitted <see cref="ImagePixelLoadingEstimator"/>.</summary>
public sealed class ImagePixelLoadingTransformer : InrrTransformer<ImagePixelLoadingEstimator.Options>
{
    internal ImagePixelLoadingTransformer(MappedTransformer mapped, ImagePixelLoadingEstimator.Options options)
        : base(mapped, options)
    {
    }

    /// <summary>The options (a copy).</summary>
    public ImagePixelLoadingEstimator.Options GetOptions() => Options.Clone();
}
