using Inrr.MLNet.Internal;
using Inrr.MLNet.Persistence;
using Inrr.Torch.Fitting;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>What <see cref="ImageCompletionEstimator"/> does with each row.</summary>
public enum ImageTask
{
    /// <summary>Fill the holes the mask names; observed pixels are kept exactly.</summary>
    Completion,

    /// <summary>Every pixel is observed but noisy: the fitted network replaces them all (the paper's second task).</summary>
    Denoising,
}

/// <summary>
/// Completes images: fits an implicit neural representation (with the configured regularisers, INRR by default) to
/// the observed pixels of each row and fills the holes with its output. Made by
/// <see cref="ImageCompletionCatalog.CompleteImage(TransformsCatalog, ImageCompletionEstimator.Options)"/>.
/// </summary>
/// <remarks>
/// <para>Input: a pixel vector column as <c>ExtractPixels</c> makes it (gray or RGB, planar by default, values 0..255 by
/// default) and a mask column of one value per pixel (1 = observed, 0 = missing). Output: the completed vector in the
/// same units and layout (observed pixels exactly as given), optionally the raw network output, and with
/// <see cref="ErrorPolicy.Mark"/> an error column.</para>
/// <para>Nothing is learned across rows: <c>Fit</c> only checks the schema and fixes the image size; each row is
/// fitted on its own when it is read (lazily, like ML.NET's transforms). A fitted transformer remembers its last
/// <see cref="Options.CacheCapacity"/> results, so reading the same rows again (another pass, another column)
/// does not fit them again.</para>
/// <para>Save/Load: the transformer is saved as ordinary ML.NET transforms that carry its options (see the README's
/// "ML.NET pipelines" section); a model loaded in another process completes with the same options and, with the
/// same seed, gives identical outputs. After loading, the output columns are variable-length vectors.</para>
/// </remarks>
public sealed class ImageCompletionEstimator : InrrEstimator<ImageCompletionEstimator.Options, ImageCompletionTransformer>
{
    /// <summary>Everything that configures <see cref="ImageCompletionEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the completed pixel vector column. Default "Completed".</summary>
        public string OutputColumnName { get; set; } = "Completed";

        /// <summary>Name of the input pixel vector column (observed image; hole values are ignored). Default "Pixels".</summary>
        public string InputColumnName { get; set; } = "Pixels";

        /// <summary>Name of the mask column: one value per pixel, 1 = observed, 0 = missing. Default "Mask".</summary>
        public string MaskColumnName { get; set; } = "Mask";

        /// <summary>Name of a column for the raw network output everywhere (observed pixels included); null for none. Default null.</summary>
        public string? RawOutputColumnName { get; set; }

        /// <summary>
        /// Name of the error column (text, empty when the row succeeded) made with <see cref="ErrorPolicy.Mark"/>;
        /// null means <see cref="OutputColumnName"/> + "Error". Default null.
        /// </summary>
        public string? ErrorColumnName { get; set; }

        /// <summary>
        /// The fit: representation, regularisers, classical guide, steps, seed, threads, as the engine defines them.
        /// Start from a preset (<see cref="CompletionOptions.Guided"/>, <see cref="CompletionOptions.Fast"/>,
        /// <see cref="CompletionOptions.Paper"/>, or the classical <see cref="CompletionOptions.NavierStokes"/> /
        /// <see cref="CompletionOptions.Telea"/> / <see cref="CompletionOptions.FrequencySelective"/>) and change what you need with <c>with { ... }</c>. Threads 0 means half
        /// the logical cores here (at least 1), not torch's all-cores default: with every core busy, torch's spinning
        /// threads made fits 4-90x slower on 2 cores. Default <see cref="CompletionOptions.Guided"/>.
        /// </summary>
        public CompletionOptions Completion { get; set; } = CompletionOptions.Guided;

        /// <summary>Image height; 0 takes it from the input column's dimensions (as ExtractPixels declares them). Default 0.</summary>
        public int ImageHeight { get; set; }

        /// <summary>Image width; 0 takes it from the input column's dimensions. Default 0.</summary>
        public int ImageWidth { get; set; }

        /// <summary>Whether the pixels are interleaved (H, W, C) rather than planar (C, H, W), as ExtractPixels' <c>interleavePixelColors</c>. Default false.</summary>
        public bool InterleavedColors { get; set; }

        /// <summary>
        /// Factor that brings the input values into [0, 1]; outputs are divided by it again. Default 1/255, for
        /// ExtractPixels' default output (0..255); use 1 for values already in [0, 1].
        /// </summary>
        public float PixelScale { get; set; } = ImageCompletionDefaults.PixelScale;

        /// <summary>What a row that cannot be completed does. Default <see cref="ErrorPolicy.Mark"/>: one bad image never stops a batch.</summary>
        public ErrorPolicy ErrorPolicy { get; set; } = ErrorPolicy.Mark;

        /// <summary>Completed rows a fitted transformer remembers (least recently used first out); 0 turns the cache off. Default 32.</summary>
        public int CacheCapacity { get; set; } = ImageCompletionDefaults.CacheCapacity;

        /// <summary>
        /// Rows fitted at the same time while the completed column is read in order (ML.NET itself reads a custom
        /// mapping's rows one after another). The threads are shared out: each fit gets <c>Completion.Threads</c> /
        /// this (at least 1), or with Threads 0 all logical cores / this. Two to four rows of one thread each use a
        /// multi-core machine better than one row with all threads (see docs/benchmarks.md, "ML.NET rows per
        /// minute"). Needs <see cref="CacheCapacity"/> at least this large: the rows fitted ahead wait there. A model
        /// saved and loaded again keeps the per-fit threads (same pixels) but fits its rows one at a time. Default 1.
        /// </summary>
        public int ConcurrentRows { get; set; } = 1;

        /// <summary>
        /// Rows read ahead and fitted together in one batched fit (<see cref="BatchCompletionFitter"/>: one batched
        /// network, each picture with its own weights and the result of its own fit, up to float rounding). Faster per
        /// picture where one picture leaves the cores (or a GPU) idle: see docs/benchmarks.md. Takes SIREN with INRR or
        /// no regulariser, completion only; needs <see cref="CacheCapacity"/> at least (<see cref="ConcurrentRows"/> + 1) x this (the
        /// rows read ahead wait there). Which rows share a fit depends on timing (a reader that reaches a batch before it is
        /// full starts it with the rows it has); the pixels do not.
        /// A loaded model fits its rows one at a time (same pixels up to float rounding). Default 1.
        /// </summary>
        public int PicturesPerFit { get; set; } = 1;

        /// <summary>
        /// What the transform does: complete the holes the mask names (default), or denoise: every pixel is observed
        /// but noisy, the network is fitted to all of them and replaces them (the mask column is not read;
        /// <see cref="ImageCompletionCatalog.DenoiseImage(TransformsCatalog, string, string, CompletionOptions?, int, int)"/>
        /// points it at the pixels). Default <see cref="ImageTask.Completion"/>.
        /// </summary>
        public ImageTask Task { get; set; } = ImageTask.Completion;

        internal Options Clone() => (Options)MemberwiseClone();
    }

    internal ImageCompletionEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, options, o => o.Clone())
    {
        Validate(_options);
    }

    private protected override PixelLayout? CheckShape(SchemaShape inputSchema)
    {
        SchemaChecks.RequireSingleVector(inputSchema, _options.InputColumnName, "image pixels");
        SchemaChecks.RequireSingleVector(inputSchema, _options.MaskColumnName, "mask");
        return PixelLayout.Placeholder(SchemaChecks.Find(inputSchema, _options.InputColumnName)!.Value);
    }

    private protected override PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted) => ResolveLayout(schema, _options, fitted);

    private protected override ImageCompletionTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout)
    {
        var mapping = (ImageCompletionMapping)blueprint.Mapping!;
        mapping.AttachHost(MLNetInternals.CompletionHostOf(chain)); // logs to, and obeys the cancellation of, this MLContext
        return new ImageCompletionTransformer(mapped, _options.Clone(), layout!.Value, mapping, blueprint.SettingsJson);
    }

    private protected override PersistentMapping.Blueprint Build(PixelLayout? fittedLayout)
    {
        var layout = fittedLayout!.Value;
        var settings = new CompletionSettings
        {
            Completion = _options.Completion,
            InputColumn = _options.InputColumnName,
            MaskColumn = _options.MaskColumnName,
            OutputColumn = _options.OutputColumnName,
            Channels = layout.Channels,
            Height = layout.Height,
            Width = layout.Width,
            Interleaved = _options.InterleavedColors,
            PixelScale = _options.PixelScale,
            ErrorPolicy = _options.ErrorPolicy,
            CacheCapacity = _options.CacheCapacity,
            ConcurrentRows = _options.ConcurrentRows,
            Denoise = _options.Task == ImageTask.Denoising,
            PicturesPerFit = _options.PicturesPerFit,
        };
        var outputs = new List<(string, string)> { (ColumnNames.Completed, _options.OutputColumnName) };
        if (_options.RawOutputColumnName is { } raw) outputs.Add((ColumnNames.Raw, raw));
        if (_options.ErrorPolicy == ErrorPolicy.Mark) outputs.Add((ColumnNames.Error, ErrorColumn(_options)));

        var definition = SchemaDefinition.Create(typeof(CompletionRow), SchemaDefinition.Direction.Write);
        if (layout.OutputType(_options.InterleavedColors) is { } type)
        {
            definition[ColumnNames.Completed].ColumnType = type;
            definition[ColumnNames.Raw].ColumnType = type;
        }
        return PersistentMapping.Build<PixelsAndMaskRow, CompletionRow>(Catalog, SettingsJson.Serialize(settings),
            [(_options.InputColumnName, ColumnNames.Pixels), (_options.MaskColumnName, ColumnNames.Mask)],
            outputs, new ImageCompletionMapping().Map, ImageCompletionFactory.ContractName, definition);
    }

    internal static string ErrorColumn(Options options) => options.ErrorColumnName ?? options.OutputColumnName + "Error";

    /// <summary>The image layout of the input, checked against the mask and (for a fitted transformer) the fitted layout.</summary>
    private static PixelLayout ResolveLayout(DataViewSchema schema, Options options, PixelLayout? fitted = null)
    {
        var pixelType = SchemaChecks.RequireSingleVector(schema, options.InputColumnName, "image pixels");
        var maskType = SchemaChecks.RequireSingleVector(schema, options.MaskColumnName, "mask");
        int height = fitted?.Height ?? options.ImageHeight, width = fitted?.Width ?? options.ImageWidth;
        var layout = PixelLayout.Resolve(pixelType, height, width, options.InterleavedColors, options.InputColumnName, "image pixels", 1, 3);
        if (fitted is { Channels: > 0 } f && layout.Channels > 0 && layout.Channels != f.Channels)
            throw SchemaChecks.Mismatch($"Input column '{options.InputColumnName}' (image pixels) has {layout.Channels} planes, but the transformer was fitted on {f.Channels}.");
        if (options.Task == ImageTask.Completion) PixelLayout.CheckMask(maskType, layout, options.MaskColumnName, options.InputColumnName);
        return fitted ?? layout;
    }

    private static void Validate(Options o)
    {
        SchemaChecks.CheckColumnName(o.OutputColumnName, nameof(Options.OutputColumnName));
        SchemaChecks.CheckColumnName(o.InputColumnName, nameof(Options.InputColumnName));
        SchemaChecks.CheckColumnName(o.MaskColumnName, nameof(Options.MaskColumnName));
        if (o.RawOutputColumnName is not null) SchemaChecks.CheckColumnName(o.RawOutputColumnName, nameof(Options.RawOutputColumnName));
        if (o.ErrorColumnName is not null) SchemaChecks.CheckColumnName(o.ErrorColumnName, nameof(Options.ErrorColumnName));
        var outputs = new List<string> { o.OutputColumnName };
        if (o.RawOutputColumnName is not null) outputs.Add(o.RawOutputColumnName);
        if (o.ErrorPolicy == ErrorPolicy.Mark) outputs.Add(ErrorColumn(o));
        if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Count)
            throw new ArgumentException($"The output column names must differ: {string.Join(", ", outputs.Select(n => $"'{n}'"))}.", nameof(Options.RawOutputColumnName));
        ArgumentNullException.ThrowIfNull(o.Completion, nameof(Options.Completion));
        o.Completion.Validate();
        ImageSizeChecks.Check(o.ImageHeight, o.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
        ImageSizeChecks.CheckScale(o.PixelScale, nameof(Options.PixelScale));
        if (!Enum.IsDefined(o.Task)) throw new ArgumentOutOfRangeException(nameof(Options.Task), o.Task, "Unknown task.");
        if (o.Task == ImageTask.Denoising && o.Completion.Method != CompletionMethod.Network)
            throw new ArgumentException($"{o.Completion.Method} inpainting fills holes; a noisy picture has none. Denoise with a network.", nameof(Options.Completion));
        if (!Enum.IsDefined(o.ErrorPolicy))
            throw new ArgumentOutOfRangeException(nameof(Options.ErrorPolicy), o.ErrorPolicy, "Unknown error policy.");
        ArgumentOutOfRangeException.ThrowIfNegative(o.CacheCapacity, nameof(Options.CacheCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.ConcurrentRows, 1, nameof(Options.ConcurrentRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.PicturesPerFit, 1, nameof(Options.PicturesPerFit));
        if (o.PicturesPerFit > 1)
        {
            if (o.Task == ImageTask.Denoising)
                throw new ArgumentException("PicturesPerFit batches completion fits; denoise one picture at a time (PicturesPerFit = 1).", nameof(Options.PicturesPerFit));
            if (BatchCompletionFitter.Unsupported(o.Completion) is { } reason)
                throw new ArgumentException($"PicturesPerFit {o.PicturesPerFit}: {reason}; use PicturesPerFit = 1.", nameof(Options.PicturesPerFit));
            if (o.CacheCapacity < o.PicturesPerFit * (o.ConcurrentRows + 1))
                throw new ArgumentOutOfRangeException(nameof(Options.CacheCapacity), o.CacheCapacity,
                    $"CacheCapacity must be at least (ConcurrentRows + 1) x PicturesPerFit ({(o.ConcurrentRows + 1) * o.PicturesPerFit}): the rows fitted ahead wait in the cache.");
        }
        if (o.ConcurrentRows > 1 && o.CacheCapacity < o.ConcurrentRows)
            throw new ArgumentOutOfRangeException(nameof(Options.CacheCapacity), o.CacheCapacity,
                $"CacheCapacity must be at least ConcurrentRows ({o.ConcurrentRows}): the rows fitted ahead wait in the cache.");
    }
}

/// <summary>
/// The fitted <see cref="ImageCompletionEstimator"/>: completes each row when it is read. See the estimator for the
/// columns and <see cref="ImageCompletionMonitor"/> for progress and cancellation (it logs to the MLContext that
/// fitted it either way).
/// </summary>
public sealed class ImageCompletionTransformer : InrrTransformer<ImageCompletionEstimator.Options>
{
    private readonly string _settingsJson;

    internal ImageCompletionTransformer(MappedTransformer mapped, ImageCompletionEstimator.Options options, PixelLayout layout,
        ImageCompletionMapping mapping, string settingsJson)
        : base(mapped, options)
    {
        ImageHeight = layout.Height;
        ImageWidth = layout.Width;
        Channels = layout.Channels;
        Mapping = mapping;
        _settingsJson = settingsJson;
    }

    /// <summary>The per-row work (shared with the saveable chain), where monitors attach.</summary>
    internal ImageCompletionMapping Mapping { get; }

    /// <summary>
    /// With <see cref="ImageCompletionEstimator.Options.ConcurrentRows"/> or <see cref="ImageCompletionEstimator.Options.PicturesPerFit"/>
    /// above 1, rows are fitted ahead: several fits at a time, each of one row or of a batch of rows.
    /// </summary>
    private protected override IDataView Wrap(IDataView input, IDataView output)
    {
        if (Options.ConcurrentRows <= 1 && Options.PicturesPerFit <= 1) return output;
        var outputs = new List<string> { Options.OutputColumnName };
        if (Options.RawOutputColumnName is { } raw) outputs.Add(raw);
        if (Options.ErrorPolicy == ErrorPolicy.Mark) outputs.Add(ImageCompletionEstimator.ErrorColumn(Options));
        return new PrefetchingDataView(input, output, Mapping, _settingsJson, Options.InputColumnName, Options.MaskColumnName,
            outputs, Options.ConcurrentRows, Options.PicturesPerFit);
    }

    /// <summary>The options the transformer completes with (a copy).</summary>
    public ImageCompletionEstimator.Options GetOptions() => Options.Clone();

    /// <summary>Image height fixed at fit time.</summary>
    public int ImageHeight { get; }

    /// <summary>Image width fixed at fit time.</summary>
    public int ImageWidth { get; }

    /// <summary>1 (gray) or 3 (RGB); 0 when each row's length decides (a variable-length input column).</summary>
    public int Channels { get; }
}
