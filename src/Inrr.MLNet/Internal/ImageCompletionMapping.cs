using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Inrr.MLNet.Persistence;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.MLNet.Internal;

/// <summary>The saved settings of <see cref="ImageCompletionTransformer"/> (JSON in its settings column).</summary>
internal sealed record CompletionSettings
{
    public required CompletionOptions Completion { get; init; }
    public required string InputColumn { get; init; }
    public required string MaskColumn { get; init; }
    public required string OutputColumn { get; init; }
    public int Channels { get; init; }
    public int Height { get; init; }
    public int Width { get; init; }
    public bool Interleaved { get; init; }
    public float PixelScale { get; init; }
    public ErrorPolicy ErrorPolicy { get; init; }
    public int CacheCapacity { get; init; }

    public PixelLayout Layout => new(Channels, Height, Width);
}

/// <summary>
/// The per-row work of image completion: read and check the row, fit (or reuse an identical earlier fit), write
/// the completed and raw vectors in the column's own units and layout. Observed pixels are copied from the input
/// unchanged, so they are bit-identical to what came in.
/// </summary>
internal sealed class ImageCompletionMapping
{
    private readonly SettingsCache<CompletionSettings> _settings = new("image completion");
    private readonly ResultCache<CompletedRow> _results = new();

    public void Map(PixelsAndMaskRow input, CompletionRow output)
    {
        var settings = _settings.Get(input.Settings);
        var monitor = ImageCompletionMonitor.Current;
        monitor?.CancellationToken.ThrowIfCancellationRequested();
        int number = monitor?.NextImageNumber() ?? 0;
        var clock = Stopwatch.StartNew();
        try
        {
            var row = ObservedRow.Read(input, settings);
            var result = _results.GetOrAdd(row.Key(input.Settings), settings.CacheCapacity,
                () => Fit(row, settings, monitor, number, clock), out bool reused);
            if (reused) monitor?.Report(ImageCompletionStage.Reused, number, clock.Elapsed);
            output.Completed = Vectors.Dense((float[])result.Completed.Clone());
            output.Raw = Vectors.Dense((float[])result.Raw.Clone());
            output.Error = "";
        }
        catch (Exception e) when (e is BadRowException or ArgumentException or InvalidOperationException)
        {
            string message = $"Column '{settings.OutputColumn}': the image in column '{settings.InputColumn}' could not be completed: {e.Message}";
            monitor?.Report(ImageCompletionStage.Failed, number, clock.Elapsed, error: message);
            if (settings.ErrorPolicy == ErrorPolicy.Throw)
                throw new ImageCompletionException(message, settings.OutputColumn, e);
            var layout = settings.Layout;
            int length = layout.Channels > 0 ? layout.Length : Math.Max(input.Pixels.Length, layout.Plane);
            output.Completed = Vectors.NaN(length);
            output.Raw = Vectors.NaN(length);
            output.Error = message;
        }
    }

    private static CompletedRow Fit(ObservedRow row, CompletionSettings settings, ImageCompletionMonitor? monitor, int number, Stopwatch clock)
    {
        monitor?.Report(ImageCompletionStage.Started, number, clock.Elapsed);
        IProgress<FitProgress>? progress = monitor is null
            ? null
            : new ImmediateProgress<FitProgress>(p => monitor.Report(ImageCompletionStage.Fitting, number, clock.Elapsed, p));
        // The adjacency matrices are an inspection aid the ML.NET outputs do not carry: skip their k x k copies.
        var options = settings.Completion with { CaptureAdjacency = false };
        if (options.Threads == 0) options = options with { Threads = Inrr.Torch.Runtime.TorchRuntime.DefaultThreads }; // see ImageCompletionEstimator.Options.Completion
        var fitter = new CompletionFitter(options);
        var result = fitter.Fit(row.Image, row.Mask, truth: null, progress, monitor?.CancellationToken ?? default);
        // The engine's completed image (best held-out step, output averaging, classical blend), not the raw render:
        // CompleteImage must give the engine's pixels for every option.
        var completed = row.ToColumnUnits(result.Completed, keepObserved: true);
        var raw = row.ToColumnUnits(result.RawOutput, keepObserved: false);
        monitor?.Report(ImageCompletionStage.Completed, number, clock.Elapsed);
        return new CompletedRow(completed, raw);
    }

    /// <summary>A finished row in the column's units and layout.</summary>
    private sealed record CompletedRow(float[] Completed, float[] Raw);

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread, at once (not via a synchronisation context).</summary>
    private sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>One row, checked and converted for the engine.</summary>
    private sealed class ObservedRow
    {
        private readonly float[] _columnPixels;  // as read, in the column's units and layout
        private readonly float[] _maskValues;
        private readonly CompletionSettings _settings;

        private ObservedRow(float[] columnPixels, float[] maskValues, ImageData image, Mask mask, CompletionSettings settings)
        {
            _columnPixels = columnPixels;
            _maskValues = maskValues;
            Image = image;
            Mask = mask;
            _settings = settings;
        }

        public ImageData Image { get; }
        public Mask Mask { get; }

        public static ObservedRow Read(PixelsAndMaskRow input, CompletionSettings s)
        {
            var layout = s.Layout;
            if (Vectors.IsEmpty(input.Pixels))
                throw new BadRowException($"column '{s.InputColumn}' holds no pixel values in this row (an image that could not be loaded).");
            var pixels = Vectors.ToArray(input.Pixels);
            int channels = Vectors.ChannelsOf(pixels.Length, layout, s.InputColumn, 1, 3);

            if (Vectors.IsEmpty(input.Mask))
                throw new BadRowException($"column '{s.MaskColumn}' holds no mask values in this row (a mask that could not be loaded).");
            var maskValues = Vectors.ToArray(input.Mask);
            if (maskValues.Length != layout.Plane)
                throw new BadRowException($"column '{s.MaskColumn}' has {maskValues.Length} values in this row, expected one per pixel of the {layout.Height}x{layout.Width} image ({layout.Plane}).");
            int observed = 0;
            for (int i = 0; i < maskValues.Length; i++)
            {
                if (maskValues[i] == 1f) observed++;
                else if (maskValues[i] != 0f)
                    throw new BadRowException($"column '{s.MaskColumn}' has the value {maskValues[i]} at row {i / layout.Width}, column {i % layout.Width}; a mask holds 0 (missing) or 1 (observed).");
            }
            if (observed == 0)
                throw new BadRowException($"the mask in column '{s.MaskColumn}' has no observed pixel in this row: there is nothing to fit.");
            if (observed == maskValues.Length)
                throw new BadRowException($"the mask in column '{s.MaskColumn}' has no missing pixel in this row: there is nothing to complete.");

            var planar = s.Interleaved ? Vectors.ToPlanar(pixels, channels, layout.Plane) : pixels;
            var scaled = new float[planar.Length];
            const float tolerance = 1e-5f; // 255 * (1/255f) is a hair above 1
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < layout.Plane; i++)
                {
                    if (maskValues[i] == 0f) continue; // hole values are never read, they may be anything (NaN too)
                    float value = planar[c * layout.Plane + i] * s.PixelScale;
                    if (!(value >= -tolerance && value <= 1 + tolerance))
                        throw new BadRowException(
                            $"column '{s.InputColumn}' has the value {planar[c * layout.Plane + i]} at channel {c}, row {i / layout.Width}, column {i % layout.Width}, " +
                            $"which times PixelScale {s.PixelScale} is outside [0, 1]. PixelScale must bring the column's values into [0, 1]: " +
                            "1/255 for ExtractPixels' default output (0..255), 1 for values already in [0, 1].");
                    scaled[c * layout.Plane + i] = Math.Clamp(value, 0f, 1f);
                }
            }
            // Values already in [0, 1] under a scale for 0..255 pass the check above yet leave a picture at most 1/255
            // bright, and the fit is garbage (hole PSNR around -10 dB): refuse a picture whose brightest observed value
            // is at most 1 when the scale expects values up to 1 / PixelScale > 1. (A truly black picture, all 0, passes.)
            float brightest = 0;
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < layout.Plane; i++)
                    if (maskValues[i] == 1f) brightest = Math.Max(brightest, planar[c * layout.Plane + i]);
            if (s.PixelScale < 1 && brightest > 0 && brightest <= 1)
                throw new BadRowException(
                    $"column '{s.InputColumn}' has values in [0, 1] (the brightest observed value is {brightest}), but PixelScale {s.PixelScale} " +
                    $"expects values in [0, {1 / s.PixelScale:0.##}]: set PixelScale = 1 for values already in [0, 1].");
            var image = new ImageData(channels, layout.Height, layout.Width, scaled);
            return new ObservedRow(pixels, maskValues, image, new Mask(layout.Height, layout.Width, maskValues), s);
        }

        /// <summary>What identifies a fit: the settings (options, layout, scale) and the exact input values.</summary>
        public string Key(string settingsJson)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(settingsJson));
            hash.AppendData(MemoryMarshal.AsBytes(_columnPixels.AsSpan()));
            hash.AppendData(MemoryMarshal.AsBytes(_maskValues.AsSpan()));
            return Convert.ToHexString(hash.GetHashAndReset());
        }

        /// <summary>
        /// The engine's planar [0, 1] output in the column's units and layout; with <paramref name="keepObserved"/>,
        /// observed pixels are the input values themselves (no round trip through the scale).
        /// </summary>
        public float[] ToColumnUnits(ImageData output, bool keepObserved)
        {
            int plane = Image.PlaneSize, channels = Image.Channels;
            var inputPlanar = _settings.Interleaved ? Vectors.ToPlanar(_columnPixels, channels, plane) : _columnPixels;
            var result = new float[output.Pixels.Length];
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < plane; i++)
                {
                    int j = c * plane + i;
                    result[j] = keepObserved && _maskValues[i] == 1f ? inputPlanar[j] : output.Pixels[j] / _settings.PixelScale;
                }
            return _settings.Interleaved ? Vectors.ToInterleaved(result, channels, plane) : result;
        }
    }
}
