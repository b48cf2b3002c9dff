using Inrr.MLNet.Internal;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// Measures completed images against the truth: per image the engine's <see cref="ImageMetrics"/> (PSNR over the
/// whole image and over the holes, hole NMAE, RMSE, SSIM), their means, and ML.NET's <see cref="RegressionMetrics"/>
/// over all hole pixels through <c>mlContext.Regression.Evaluate</c>.
/// </summary>
/// <remarks>
/// Reading the completed column runs the completions that have not run yet (see <see cref="ImageCompletionMonitor"/>
/// for progress). A row whose completion failed (NaN values, <see cref="ErrorPolicy.Mark"/>), that has no values, or
/// whose mask has no hole is listed with its reason and left out of the aggregates.
/// </remarks>
/// <example>
/// <code>
/// var evaluation = new ImageCompletionEvaluator(mlContext).Evaluate(completed, "Truth", "Completed", "Mask",
///     new ImageCompletionEvaluator.Options { ImageIdColumnName = "ImagePath" });
/// Console.WriteLine($"mean hole PSNR {evaluation.Mean?.PsnrHoles:F2} dB, hole R^2 {evaluation.HolePixels?.RSquared:F3}");
/// </code>
/// </example>
public sealed class ImageCompletionEvaluator
{
    /// <summary>How the columns are read.</summary>
    public sealed class Options
    {
        /// <summary>Image height; 0 takes it from the truth column's dimensions. Default 0.</summary>
        public int ImageHeight { get; set; }

        /// <summary>Image width; 0 takes it from the truth column's dimensions. Default 0.</summary>
        public int ImageWidth { get; set; }

        /// <summary>Whether the pixels are interleaved (H, W, C) rather than planar. Default false.</summary>
        public bool InterleavedColors { get; set; }

        /// <summary>Factor that brings both images into [0, 1] (the metrics' data range). Default 1/255 (ExtractPixels' 0..255).</summary>
        public float PixelScale { get; set; } = ImageCompletionDefaults.PixelScale;

        /// <summary>A text column that names each image in the scores (e.g. its path); null for none. Default null.</summary>
        public string? ImageIdColumnName { get; set; }

        /// <summary>A completion error column (<see cref="ErrorPolicy.Mark"/>) whose message becomes the row's error; null for none. Default null.</summary>
        public string? ErrorColumnName { get; set; }

        /// <summary>
        /// Keep each evaluated row's truth, completion and mask (<see cref="ImageCompletionScore.Images"/>), e.g. for a
        /// report with pictures; costs their memory (12 bytes per pixel and channel). Default false.
        /// </summary>
        public bool KeepImages { get; set; }
    }

    private readonly MLContext _mlContext;

    /// <summary>Creates an evaluator that uses <paramref name="mlContext"/> for ML.NET's regression metrics.</summary>
    public ImageCompletionEvaluator(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
    }

    /// <summary>Evaluates every row of <paramref name="data"/>.</summary>
    /// <param name="data">Rows with the three columns (typically a completion pipeline's output).</param>
    /// <param name="truthColumnName">The clean image's pixel vector.</param>
    /// <param name="completedColumnName">The completed pixel vector, same layout and units.</param>
    /// <param name="maskColumnName">The mask used: 1 observed, 0 missing (the holes are measured).</param>
    /// <param name="options">Layout, scale and optional id/error columns; default <see cref="Options"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, not a Single vector, or the sizes disagree (the message names it).</exception>
    public ImageCompletionEvaluation Evaluate(IDataView data, string truthColumnName, string completedColumnName, string maskColumnName, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new Options();
        ImageSizeChecks.Check(options.ImageHeight, options.ImageWidth, nameof(Options.ImageHeight), nameof(Options.ImageWidth));
        ImageSizeChecks.CheckScale(options.PixelScale, nameof(Options.PixelScale));

        var schema = data.Schema;
        var truthType = SchemaChecks.RequireSingleVector(schema, truthColumnName, "truth pixels");
        var completedType = SchemaChecks.RequireSingleVector(schema, completedColumnName, "completed pixels");
        var maskType = SchemaChecks.RequireSingleVector(schema, maskColumnName, "mask");
        var layout = PixelLayout.Resolve(truthType, options.ImageHeight, options.ImageWidth, options.InterleavedColors, truthColumnName, "truth pixels", 1, 3);
        if (completedType.IsKnownSize && layout.Channels > 0 && completedType.Size != layout.Length)
            throw SchemaChecks.Mismatch($"Input column '{completedColumnName}' (completed pixels) has {completedType.Size} values, but the truth in column '{truthColumnName}' has {layout.Length}.");
        PixelLayout.CheckMask(maskType, layout, maskColumnName, truthColumnName);
        if (options.ImageIdColumnName is { } idColumn) SchemaChecks.RequireText(schema, idColumn, "image id");
        if (options.ErrorColumnName is { } errorColumn) SchemaChecks.RequireText(schema, errorColumn, "completion error");

        var columns = new List<DataViewSchema.Column> { schema[truthColumnName], schema[completedColumnName], schema[maskColumnName] };
        if (options.ImageIdColumnName is not null) columns.Add(schema[options.ImageIdColumnName]);
        if (options.ErrorColumnName is not null) columns.Add(schema[options.ErrorColumnName]);

        var scores = new List<ImageCompletionScore>();
        var holePixels = new List<HolePixel>();
        using (var cursor = data.GetRowCursor(columns))
        {
            var truthGetter = cursor.GetGetter<VBuffer<float>>(schema[truthColumnName]);
            var completedGetter = cursor.GetGetter<VBuffer<float>>(schema[completedColumnName]);
            var maskGetter = cursor.GetGetter<VBuffer<float>>(schema[maskColumnName]);
            var idGetter = options.ImageIdColumnName is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(schema[options.ImageIdColumnName]);
            var errorGetter = options.ErrorColumnName is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(schema[options.ErrorColumnName]);
            VBuffer<float> truth = default, completed = default, mask = default;
            ReadOnlyMemory<char> id = default, error = default;
            for (long row = 0; cursor.MoveNext(); row++)
            {
                truthGetter(ref truth);
                completedGetter(ref completed);
                maskGetter(ref mask);
                idGetter?.Invoke(ref id);
                errorGetter?.Invoke(ref error);
                string? imageId = idGetter is null ? null : id.ToString();
                string? completionError = errorGetter is null || error.IsEmpty ? null : error.ToString();
                scores.Add(Score(row, imageId, completionError, truth, completed, mask, layout, options, truthColumnName, completedColumnName, maskColumnName, holePixels));
            }
        }

        var evaluated = scores.Where(s => s.Metrics is not null).Select(s => s.Metrics!).ToList();
        MetricSet? mean = evaluated.Count == 0 ? null : new MetricSet(
            evaluated.Average(m => m.Psnr), evaluated.Average(m => m.PsnrHoles), evaluated.Average(m => m.NmaeHoles),
            evaluated.Average(m => m.Rmse), evaluated.Average(m => m.RmseHoles), evaluated.Average(m => m.Ssim));
        RegressionMetrics? regression = holePixels.Count == 0 ? null
            : _mlContext.Regression.Evaluate(_mlContext.Data.LoadFromEnumerable(holePixels), nameof(HolePixel.Label), nameof(HolePixel.Score));
        return new ImageCompletionEvaluation(scores, mean, regression);
    }

    private static ImageCompletionScore Score(long row, string? imageId, string? completionError, VBuffer<float> truthVector,
        VBuffer<float> completedVector, VBuffer<float> maskVector, PixelLayout layout, Options options,
        string truthColumn, string completedColumn, string maskColumn, List<HolePixel> holePixels)
    {
        ImageCompletionScore Failed(string reason, int holes = 0) => new(row, imageId, null, holes, reason);

        if (completionError is not null) return Failed(completionError);
        if (Vectors.IsEmpty(truthVector)) return Failed($"Column '{truthColumn}' holds no values in this row.");
        if (Vectors.IsEmpty(completedVector)) return Failed($"Column '{completedColumn}' holds no values in this row.");
        if (Vectors.IsEmpty(maskVector)) return Failed($"Column '{maskColumn}' holds no values in this row.");
        var truthValues = Vectors.ToArray(truthVector);
        var completedValues = Vectors.ToArray(completedVector);
        var maskValues = Vectors.ToArray(maskVector);
        int channels;
        try
        {
            channels = Vectors.ChannelsOf(truthValues.Length, layout, truthColumn, 1, 3);
        }
        catch (BadRowException e)
        {
            return Failed("C" + e.Message[1..]);
        }
        if (completedValues.Length != truthValues.Length)
            return Failed($"Column '{completedColumn}' has {completedValues.Length} values in this row, the truth {truthValues.Length}.");
        if (maskValues.Length != layout.Plane)
            return Failed($"Column '{maskColumn}' has {maskValues.Length} values in this row, expected {layout.Plane}.");
        if (completedValues.Any(v => !float.IsFinite(v)))
            return Failed($"Column '{completedColumn}' has NaN or infinite values in this row: its completion failed.");
        if (maskValues.Any(v => v is not (0f or 1f)))
            return Failed($"Column '{maskColumn}' holds values other than 0 and 1 in this row.");

        var truth = ToImage(truthValues, channels, layout, options);
        var completed = ToImage(completedValues, channels, layout, options);
        var mask = new Mask(layout.Height, layout.Width, maskValues);
        if (mask.MissingCount == 0) return Failed($"The mask in column '{maskColumn}' has no hole in this row: nothing to measure.");
        MetricSet metrics;
        try
        {
            metrics = ImageMetrics.Evaluate(completed, truth, mask);
        }
        catch (ArgumentException e)
        {
            return Failed(e.Message, mask.MissingCount);
        }
        int plane = layout.Plane;
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < plane; i++)
                if (maskValues[i] == 0f)
                    holePixels.Add(new HolePixel { Label = truth.Pixels[c * plane + i], Score = completed.Pixels[c * plane + i] });
        return new ImageCompletionScore(row, imageId, metrics, mask.MissingCount, null)
        {
            Images = options.KeepImages ? new ImageCompletionImages(truth, completed, mask) : null,
        };
    }

    private static ImageData ToImage(float[] values, int channels, PixelLayout layout, Options options)
    {
        var planar = options.InterleavedColors ? Vectors.ToPlanar(values, channels, layout.Plane) : (float[])values.Clone();
        for (int i = 0; i < planar.Length; i++) planar[i] *= options.PixelScale;
        return new ImageData(channels, layout.Height, layout.Width, planar);
    }

    /// <summary>One hole pixel for ML.NET's regression evaluator (public: ML.NET binds it by reflection).</summary>
    public sealed class HolePixel
    {
        /// <summary>The true value in [0, 1].</summary>
        public float Label { get; set; }

        /// <summary>The completed value in [0, 1].</summary>
        public float Score { get; set; }
    }
}
