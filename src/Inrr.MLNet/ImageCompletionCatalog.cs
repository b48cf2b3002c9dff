using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.MLNet;

// In ML.NET's own namespace, as ML.NET's packages put their catalog extensions: mlContext.Transforms.CompleteImage(...)
// shows up with the usual "using Microsoft.ML;" alone.
namespace Microsoft.ML;

/// <summary>
/// INRR image completion and its companions as ML.NET transforms: <c>mlContext.Transforms.CompleteImage(...)</c> and
/// the mask, image-conversion and loading steps around it. Every transform here is lazy, checks its input columns
/// when the pipeline is fitted, and round-trips through <c>mlContext.Model.Save</c>/<c>Load</c> with its options.
/// </summary>
/// <example>
/// A benchmark pipeline: clean pictures, a text mask over them, completion, PNG-ready images.
/// <code>
/// var mlContext = new MLContext();
/// var images = mlContext.Data.LoadFromEnumerable(paths.Select(p =&gt; new { ImagePath = p }));
/// var pipeline = mlContext.Transforms.LoadImages("Image", imageFolder: null, "ImagePath")
///     .Append(mlContext.Transforms.ResizeImages("Image", 64, 64))
///     .Append(mlContext.Transforms.ExtractPixels("Truth", "Image"))               // 3 x 64 x 64, values 0..255
///     .Append(mlContext.Transforms.GenerateTextMask("Mask", 64, 64, "INRR FILLS THE GAPS"))
///     .Append(mlContext.Transforms.ApplyMask("Observed", "Truth", "Mask"))
///     .Append(mlContext.Transforms.CompleteImage("Completed", "Observed", "Mask",
///         CompletionOptions.Guided with { Seed = 1 }))
///     .Append(mlContext.Transforms.ConvertPixelsToImage("CompletedImage", "Completed"));
/// var model = pipeline.Fit(images);               // checks columns and sizes; fits no image yet
/// var completed = model.Transform(images);        // lazy: images are fitted as rows are read
/// mlContext.Model.Save(model, images.Schema, "completion.zip");
/// </code>
/// </example>
/// <remarks>
/// <para><b>Save and load.</b> <c>mlContext.Model.Save</c> and <c>mlContext.Model.Load</c> are all it takes: each
/// transform is saved as standard ML.NET transforms (an <c>Expression</c> that yields its settings as a constant JSON
/// text column, column copies, a <c>CustomMapping</c> with an Inrr contract, a <c>DropColumns</c>), so the options,
/// column names and sizes are inside the model file and a model loaded in another process completes exactly as the
/// saved one (same seed, same pixels). Nothing has to be registered: ML.NET records the Inrr.MLNet assembly name in
/// the model and loads it; the loading program only needs to reference Inrr.MLNet. (Where assemblies are loaded in an
/// unusual way, <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(ImageCompletionEstimator).Assembly)</c> before
/// <c>Load</c> makes it explicit.) After loading, vector outputs are variable-length: follow a loaded completion with
/// <see cref="ConvertPixelsToImage"/>, not ML.NET's <c>ConvertToImage</c>, which needs a known size.</para>
/// <para><b>Input columns</b> named <c>Inrr.Internal.*</c> are rejected: those are the temporaries of the saved form.</para>
/// </remarks>
public static class ImageCompletionCatalog
{
    /// <summary>
    /// Measures completed images against the truth (<see cref="ImageCompletionEvaluator"/>): per image PSNR (whole and
    /// holes), hole NMAE, RMSE and SSIM, their means, and ML.NET's regression metrics over all hole pixels.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="data">Rows with the truth, the completion and the mask.</param>
    /// <param name="truthColumnName">The clean pixels.</param>
    /// <param name="completedColumnName">The completed pixels (e.g. <c>CompleteImage</c>'s output).</param>
    /// <param name="maskColumnName">The mask (1 observed, 0 missing).</param>
    /// <param name="options">Scale, id column and layout; null = the defaults.</param>
    /// <example><code>var evaluation = mlContext.EvaluateImageCompletion(model.Transform(data), "Truth", "Completed", "Mask");</code></example>
    public static ImageCompletionEvaluation EvaluateImageCompletion(this MLContext mlContext, IDataView data, string truthColumnName,
        string completedColumnName, string maskColumnName, ImageCompletionEvaluator.Options? options = null) =>
        new ImageCompletionEvaluator(mlContext).Evaluate(data, truthColumnName, completedColumnName, maskColumnName, options);

    /// <summary>
    /// Completes the image in <paramref name="inputColumnName"/> where <paramref name="maskColumnName"/> is 0, with
    /// a preset of the engine.
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The completed pixel vector: observed pixels as given, holes filled.</param>
    /// <param name="inputColumnName">Pixel vector as ExtractPixels makes it (gray or RGB, planar, 0..255).</param>
    /// <param name="maskColumnName">One value per pixel: 1 observed, 0 missing.</param>
    /// <param name="preset">Starting point of the fit. Default <see cref="CompletionPreset.Guided"/>.</param>
    /// <param name="steps">Optimisation steps; null keeps the preset's.</param>
    /// <param name="seed">Seed of the fit: the same seed, options and image give the same pixels.</param>
    /// <param name="imageHeight">Image height; 0 takes it from the input column's dimensions.</param>
    /// <param name="imageWidth">Image width; 0 takes it from the input column's dimensions.</param>
    /// <example><code>mlContext.Transforms.CompleteImage("Completed", "Pixels", "Mask", CompletionPreset.Guided, steps: 300)</code></example>
    public static ImageCompletionEstimator CompleteImage(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        string maskColumnName, CompletionPreset preset = CompletionPreset.Guided, int? steps = null, int seed = 0, int imageHeight = 0, int imageWidth = 0)
    {
        var completion = CompletionOptions.FromPreset(preset) with { Seed = seed };
        if (steps is int s) completion = completion with { Steps = s };
        return catalog.CompleteImage(outputColumnName, inputColumnName, maskColumnName, completion, imageHeight, imageWidth);
    }

    /// <summary>Completes the image in <paramref name="inputColumnName"/> with the engine's options as given.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The completed pixel vector: observed pixels as given, holes filled.</param>
    /// <param name="inputColumnName">Pixel vector as ExtractPixels makes it (gray or RGB, planar, 0..255).</param>
    /// <param name="maskColumnName">One value per pixel: 1 observed, 0 missing.</param>
    /// <param name="completion">Representation, regularisers, steps, seed, threads.</param>
    /// <param name="imageHeight">Image height; 0 takes it from the input column's dimensions.</param>
    /// <param name="imageWidth">Image width; 0 takes it from the input column's dimensions.</param>
    /// <example><code>mlContext.Transforms.CompleteImage("Completed", "Pixels", "Mask", CompletionOptions.Paper with { Steps = 3000 })</code></example>
    public static ImageCompletionEstimator CompleteImage(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        string maskColumnName, CompletionOptions completion, int imageHeight = 0, int imageWidth = 0)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return catalog.CompleteImage(new ImageCompletionEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            MaskColumnName = maskColumnName,
            Completion = completion,
            ImageHeight = imageHeight,
            ImageWidth = imageWidth,
        });
    }

    /// <summary>
    /// Denoises the image in <paramref name="inputColumnName"/>, the paper's second task: every pixel is observed but
    /// noisy; a network is fitted to all of them under the regularisers and replaces them. With a held-out fraction
    /// (<see cref="CompletionOptions.HoldoutFraction"/>, default 0.1 here) the step that predicts held-out noisy pixels
    /// best is kept, before the network learns the noise.
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The denoised pixel vector, in the input's units and layout.</param>
    /// <param name="inputColumnName">Pixel vector as ExtractPixels makes it (gray or RGB, planar, 0..255).</param>
    /// <param name="denoising">
    /// Representation, regularisers, steps, seed, threads (a classical guide has nothing to do and is not used).
    /// Default: the Fast preset (INRR) with 10 % of the pixels held out to choose the step.
    /// </param>
    /// <param name="imageHeight">Image height; 0 takes it from the input column's dimensions.</param>
    /// <param name="imageWidth">Image width; 0 takes it from the input column's dimensions.</param>
    /// <example><code>mlContext.Transforms.DenoiseImage("Denoised", "Pixels")</code></example>
    public static ImageCompletionEstimator DenoiseImage(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        CompletionOptions? denoising = null, int imageHeight = 0, int imageWidth = 0) =>
        catalog.CompleteImage(new ImageCompletionEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            MaskColumnName = inputColumnName, // not read when denoising
            Task = ImageTask.Denoising,
            Completion = denoising ?? CompletionOptions.Fast with { HoldoutFraction = 0.1 },
            ImageHeight = imageHeight,
            ImageWidth = imageWidth,
        });

    /// <summary>Completes images with every option of <see cref="ImageCompletionEstimator.Options"/> (raw output, error policy, cache, layout).</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="options">The options; copied.</param>
    /// <example><code>mlContext.Transforms.CompleteImage(new ImageCompletionEstimator.Options { InputColumnName = "Observed", ErrorPolicy = ErrorPolicy.Throw })</code></example>
    public static ImageCompletionEstimator CompleteImage(this TransformsCatalog catalog, ImageCompletionEstimator.Options options) =>
        new(catalog, options);

    /// <summary>Adds a generated mask column (the same mask in every row).</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="options">Kind, size and parameters of the mask; copied.</param>
    public static MaskGeneratingEstimator GenerateMask(this TransformsCatalog catalog, MaskGeneratingEstimator.Options options) =>
        new(catalog, options);

    /// <summary>Adds a mask with uniformly random holes (exactly round(rate x pixels) missing).</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The mask column.</param>
    /// <param name="imageHeight">Mask height.</param>
    /// <param name="imageWidth">Mask width.</param>
    /// <param name="missingRate">Fraction of pixels missing, in (0, 1).</param>
    /// <param name="seed">A seed always gives the same mask.</param>
    /// <example><code>mlContext.Transforms.GenerateRandomMask("Mask", 64, 64, missingRate: 0.5, seed: 1)</code></example>
    public static MaskGeneratingEstimator GenerateRandomMask(this TransformsCatalog catalog, string outputColumnName,
        int imageHeight, int imageWidth, double missingRate, int seed = 0) =>
        catalog.GenerateMask(new MaskGeneratingEstimator.Options
        {
            OutputColumnName = outputColumnName, ImageHeight = imageHeight, ImageWidth = imageWidth,
            Kind = MaskKind.Random, MissingRate = missingRate, Seed = seed,
        });

    /// <summary>Adds a mask with a caption drawn as holes (built-in bitmap font, word-wrapped, centred).</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The mask column.</param>
    /// <param name="imageHeight">Mask height.</param>
    /// <param name="imageWidth">Mask width.</param>
    /// <param name="text">The caption.</param>
    /// <param name="textScale">Stroke thickness in pixels; 0 picks one from the size.</param>
    /// <example><code>mlContext.Transforms.GenerateTextMask("Mask", 64, 64, "INRR FILLS THE GAPS")</code></example>
    public static MaskGeneratingEstimator GenerateTextMask(this TransformsCatalog catalog, string outputColumnName,
        int imageHeight, int imageWidth, string text, int textScale = 0) =>
        catalog.GenerateMask(new MaskGeneratingEstimator.Options
        {
            OutputColumnName = outputColumnName, ImageHeight = imageHeight, ImageWidth = imageWidth,
            Kind = MaskKind.Text, Text = text, TextScale = textScale,
        });

    /// <summary>Adds a mask with rectangular holes.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The mask column.</param>
    /// <param name="imageHeight">Mask height.</param>
    /// <param name="imageWidth">Mask width.</param>
    /// <param name="holes">The hole rectangles, inside the image.</param>
    /// <example><code>mlContext.Transforms.GeneratePatchMask("Mask", 64, 64, new PixelRect(10, 20, 16, 8))</code></example>
    public static MaskGeneratingEstimator GeneratePatchMask(this TransformsCatalog catalog, string outputColumnName,
        int imageHeight, int imageWidth, params PixelRect[] holes) =>
        catalog.GenerateMask(new MaskGeneratingEstimator.Options
        {
            OutputColumnName = outputColumnName, ImageHeight = imageHeight, ImageWidth = imageWidth,
            Kind = MaskKind.Patch, Holes = holes,
        });

    /// <summary>Makes a mask column from the pixels of a mask image with the engine's threshold rule.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The mask column.</param>
    /// <param name="inputColumnName">The mask image's pixels as ExtractPixels makes them (1, 3 or 4 planes).</param>
    /// <param name="rule">Which pixels are observed; default the reference's: exactly white.</param>
    /// <param name="pixelScale">Factor that brings the values into [0, 1]; 1/255 for ExtractPixels' default.</param>
    /// <example>
    /// <code>
    /// mlContext.Transforms.LoadImages("MaskImage", null, "MaskPath")
    ///     .Append(mlContext.Transforms.ResizeImages("MaskImage", 64, 64))
    ///     .Append(mlContext.Transforms.ExtractPixels("MaskPixels", "MaskImage"))
    ///     .Append(mlContext.Transforms.ExtractMask("Mask", "MaskPixels"))
    /// </code>
    /// </example>
    public static MaskExtractingEstimator ExtractMask(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        MaskImageRule rule = MaskImageRule.ExactWhiteObserved, float pixelScale = ImageCompletionDefaults.PixelScale) =>
        new(catalog, new MaskExtractingEstimator.Options
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Rule = rule, PixelScale = pixelScale,
        });

    /// <summary>Applies a mask to a clean image (holes set to <paramref name="holeValue"/>): the input of a completion benchmark.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The masked pixel vector.</param>
    /// <param name="inputColumnName">The clean pixel vector.</param>
    /// <param name="maskColumnName">One value per pixel: 1 observed, 0 missing.</param>
    /// <param name="holeValue">Value written into the holes.</param>
    /// <param name="interleavedColors">Whether the pixels are interleaved (H, W, C) rather than planar.</param>
    /// <example><code>mlContext.Transforms.ApplyMask("Observed", "Truth", "Mask")</code></example>
    public static MaskApplyingEstimator ApplyMask(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        string maskColumnName, float holeValue = 0f, bool interleavedColors = false) =>
        new(catalog, new MaskApplyingEstimator.Options
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, MaskColumnName = maskColumnName,
            HoleValue = holeValue, InterleavedColors = interleavedColors,
        });

    /// <summary>Converts a pixel vector to an opaque <see cref="Microsoft.ML.Data.MLImage"/> (save it with <c>image.Save("x.png")</c>).</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The image column (null where the row has no values or a NaN).</param>
    /// <param name="inputColumnName">The pixel vector (gray or RGB).</param>
    /// <param name="imageHeight">Image height; 0 takes it from the input column's dimensions (required after a model load).</param>
    /// <param name="imageWidth">Image width; 0 takes it from the input column's dimensions.</param>
    /// <param name="pixelScale">Factor that brings the values into [0, 1]; 1/255 for ExtractPixels' default.</param>
    /// <param name="interleavedColors">Whether the pixels are interleaved (H, W, C) rather than planar.</param>
    /// <example><code>mlContext.Transforms.ConvertPixelsToImage("CompletedImage", "Completed")</code></example>
    public static PixelsToImageConvertingEstimator ConvertPixelsToImage(this TransformsCatalog catalog, string outputColumnName,
        string inputColumnName, int imageHeight = 0, int imageWidth = 0, float pixelScale = ImageCompletionDefaults.PixelScale, bool interleavedColors = false) =>
        new(catalog, new PixelsToImageConvertingEstimator.Options
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, ImageHeight = imageHeight,
            ImageWidth = imageWidth, PixelScale = pixelScale, InterleavedColors = interleavedColors,
        });

    /// <summary>
    /// Loads image files into pixel vectors (what LoadImages, ResizeImages and ExtractPixels make, in one step); a
    /// missing or undecodable file gives a vector without values and a message in <paramref name="errorColumnName"/>
    /// instead of ending the pass.
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The pixel vector: planar, 0..255, declared [C, H, W].</param>
    /// <param name="imageFolder">Folder the paths are relative to, or null.</param>
    /// <param name="inputColumnName">The text column with the paths.</param>
    /// <param name="imageHeight">Height the images are resized to.</param>
    /// <param name="imageWidth">Width the images are resized to.</param>
    /// <param name="colorMode">RGB (three planes) or gray (one).</param>
    /// <param name="errorColumnName">The error column; null means <paramref name="outputColumnName"/> + "Error".</param>
    /// <example><code>mlContext.Transforms.LoadImagePixels("Truth", imageFolder: "photos", "ImagePath", 64, 64)</code></example>
    public static ImagePixelLoadingEstimator LoadImagePixels(this TransformsCatalog catalog, string outputColumnName,
        string? imageFolder, string inputColumnName, int imageHeight, int imageWidth,
        ImageColorMode colorMode = ImageColorMode.Rgb, string? errorColumnName = null) =>
        new(catalog, new ImagePixelLoadingEstimator.Options
        {
            OutputColumnName = outputColumnName, ImageFolder = imageFolder, InputColumnName = inputColumnName,
            ImageHeight = imageHeight, ImageWidth = imageWidth, ColorMode = colorMode, ErrorColumnName = errorColumnName,
        });
}
