using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Inrr.MLNet.Persistence;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Runtime;
using Microsoft.ML.Runtime;

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

    /// <summary>Rows fitted together in one batched fit when read ahead (see ImageCompletionEstimator.Options.PicturesPerFit); 1 in models saved before it existed.</summary>
    public int PicturesPerFit { get; init; } = 1;

    /// <summary>Denoise (every pixel observed and noisy, the mask column not read) instead of complete; false in models saved before it existed.</summary>
    public bool Denoise { get; init; }

    /// <summary>Rows fitted at the same time (see ImageCompletionEstimator.Options.ConcurrentRows); 1 in models saved before it existed.</summary>
    public int ConcurrentRows { get; init; } = 1;

    /// <summary>
    /// Torch threads of each fit: the options' own count, else (0) half the logical cores for one row at a time and
    /// all of them shared out between concurrent rows. Part of the settings (and of a saved model), so live and
    /// loaded models fit with the same threads and give the same pixels.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int ThreadsPerFit => Completion.Threads > 0
        ? Math.Max(1, Completion.Threads / Math.Max(1, ConcurrentRows))
        : ConcurrentRows <= 1 ? Inrr.Torch.Runtime.TorchRuntime.DefaultThreads : Math.Max(1, Environment.ProcessorCount / ConcurrentRows);

    [System.Text.Json.Serialization.JsonIgnore]
    public PixelLayout Layout => new(Channels, Height, Width);
}

/// <summary>
/// The per-row work of image completion: read and check the row, fit (or reuse an identical earlier fit), write
/// the completed and raw vectors in the column's own units and layout. Observed pixels are copied from the input
/// unchanged, so they are bit-identical to what came in.
/// </summary>
internal sealed class ImageCompletionMapping
{
    /// <summary>How often a running fit looks at the host's cancellation flag (ML.NET offers no event for it).</summary>
    private static readonly TimeSpan HostCancellationPoll = TimeSpan.FromMilliseconds(50);

    private readonly SettingsCache<CompletionSettings> _settings = new("image completion");
    private readonly ResultCache<CompletedRow> _results = new();
    private ImageCompletionMonitor? _monitor;
    private IHostEnvironment? _host;
    private int _fits; // numbers the fits in log messages (a monitor numbers its own)

    /// <summary>The ML.NET host the mapping logs to and whose cancellation it obeys (null until known).</summary>
    public IHostEnvironment? Host => Volatile.Read(ref _host);

    /// <summary>The monitor watching this mapping's model, if any.</summary>
    public ImageCompletionMonitor? Monitor
    {
        get => Volatile.Read(ref _monitor);
        set => Volatile.Write(ref _monitor, value);
    }

    public void AttachHost(IHostEnvironment? host)
    {
        if (host is not null) Volatile.Write(ref _host, host);
    }

    public void ReleaseMonitor(ImageCompletionMonitor monitor) => Interlocked.CompareExchange(ref _monitor, null, monitor);

    public void Map(PixelsAndMaskRow input, CompletionRow output)
    {
        var settings = _settings.Get(input.Settings);
        var monitor = Monitor;
        var host = Host;
        monitor?.CancellationToken.ThrowIfCancellationRequested();
        if (MLNetInternals.IsCancelled(host)) throw new OperationCanceledException("The MLContext's execution was cancelled.");
        try
        {
            var row = ObservedRow.Read(input, settings);
            var result = _results.GetOrAdd(row.Key(input.Settings), settings.CacheCapacity,
                () => Fit(row, settings, monitor, host, Interlocked.Increment(ref _fits)), out bool reused);
            if (reused) monitor?.Report(ImageCompletionStage.Reused, monitor.NextImageNumber(), TimeSpan.Zero);
            output.Completed = Vectors.Dense((float[])result.Completed.Clone());
            output.Raw = Vectors.Dense((float[])result.Raw.Clone());
            output.Error = "";
        }
        catch (Exception e) when (e is BadRowException or ArgumentException or InvalidOperationException)
        {
            string message = $"Column '{settings.OutputColumn}': the image in column '{settings.InputColumn}' could not be completed: {e.Message}";
            monitor?.Report(ImageCompletionStage.Failed, monitor.NextImageNumber(), TimeSpan.Zero, error: message);
            Log(host, channel => channel.Error(MessageSensitivity.Schema, message));
            if (settings.ErrorPolicy == ErrorPolicy.Throw)
                throw new ImageCompletionException(message, settings.OutputColumn, e);
            var layout = settings.Layout;
            int length = layout.Channels > 0 ? layout.Length : Math.Max(input.Pixels.Length, layout.Plane);
            output.Completed = Vectors.NaN(length);
            output.Raw = Vectors.NaN(length);
            output.Error = message;
        }
    }

    /// <summary>
    /// Fits a row ahead of its reader (see <see cref="PrefetchingDataView"/>) into the result cache, where the
    /// reader's <see cref="Map"/> finds it (or waits for it). Problems are left for that read to report.
    /// </summary>
    public void Prefetch(PixelsAndMaskRow input)
    {
        var settings = _settings.Get(input.Settings);
        var monitor = Monitor;
        var host = Host;
        if (monitor?.CancellationToken.IsCancellationRequested == true || MLNetInternals.IsCancelled(host)) return;
        try
        {
            var row = ObservedRow.Read(input, settings);
            _results.GetOrAdd(row.Key(input.Settings), settings.CacheCapacity, () => Fit(row, settings, monitor, host, Interlocked.Increment(ref _fits)), out _);
        }
        catch (Exception)
        {
            // The row's own read meets the same problem and reports it with the row's error policy.
        }
    }

    /// <summary>
    /// Rows read ahead for one batched fit (<see cref="CompletionSettings.PicturesPerFit"/>): each row's cache entry waits
    /// for the batch. The batch starts once it is full, when the input ends, or as soon as a reader needs one of its
    /// rows (whichever comes first: a reader never waits for rows the read-ahead may not fetch yet); a started batch
    /// takes no more rows. If the batched fit fails as a whole, each of its rows is fitted on its own, so the row at
    /// fault reports its own error.
    /// </summary>
    internal sealed class PendingBatch
    {
        private readonly object _gate = new();
        private readonly TaskCompletionSource<IReadOnlyList<RowOutcome>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _started;
        public List<ObservedRow> Rows { get; } = new();
        public CompletionSettings? Settings { get; private set; }
        public Task<IReadOnlyList<RowOutcome>> Done => _done.Task;

        /// <summary>Runs <paramref name="add"/> with the batch held, unless it has started (then false).</summary>
        public bool TryAdd(Func<bool> add, CompletionSettings settings)
        {
            lock (_gate)
            {
                if (_started || !add()) return false;
                Settings = settings;
                return true;
            }
        }

        /// <summary>Whether the batch has started (it takes no more rows).</summary>
        public bool IsStarted
        {
            get { lock (_gate) return _started; }
        }

        /// <summary>True for the one caller that starts the batch: no row is added after this.</summary>
        public bool TryStart()
        {
            lock (_gate)
            {
                if (_started) return false;
                _started = true;
                return true;
            }
        }

        public void Complete(IReadOnlyList<RowOutcome> rows) => _done.TrySetResult(rows);
        public void Fail(Exception e) => _done.TrySetException(e);
    }

    /// <summary>
    /// Adds a row read ahead to <paramref name="batch"/>: true when added; false when it cannot be read (its own read
    /// reports that), is cached already, or the batch has started (the caller then begins a new batch).
    /// </summary>
    internal bool AddToBatch(PendingBatch batch, PixelsAndMaskRow input)
    {
        var settings = _settings.Get(input.Settings);
        var monitor = Monitor;
        var host = Host;
        ObservedRow row;
        try
        {
            row = ObservedRow.Read(input, settings);
        }
        catch (Exception)
        {
            return false; // the row's own read meets the same problem and reports it with the row's error policy
        }
        string key = row.Key(input.Settings);
        return batch.TryAdd(() =>
        {
            int index = batch.Rows.Count;
            if (!_results.TryAdd(key, settings.CacheCapacity, () =>
                {
                    if (batch.TryStart()) RunBatch(batch); // a reader needs this row now: the batch runs with the rows it has
                    var outcome = batch.Done.GetAwaiter().GetResult()[index]; // after a failed batch, this row's own fit
                    if (outcome.Error is not null) ExceptionDispatchInfo.Throw(outcome.Error);
                    return outcome.Row!;
                }))
                return false;
            batch.Rows.Add(row);
            return true;
        }, settings);
    }

    /// <summary>
    /// Fits the rows of <paramref name="batch"/> together on the calling thread, once: for the caller that wins
    /// <see cref="PendingBatch.TryStart"/>. Their cache entries then hold the results.
    /// </summary>
    internal void RunBatch(PendingBatch batch)
    {
        if (batch.Rows.Count == 0 || batch.Settings is not { } settings)
        {
            batch.Complete([]);
            return;
        }
        var monitor = Monitor;
        var host = Host;
        try
        {
            batch.Complete(FitBatch(batch.Rows, settings, monitor, host));
        }
        catch (Exception e)
        {
            batch.Fail(e);
        }
    }

    private IReadOnlyList<RowOutcome> FitBatch(IReadOnlyList<ObservedRow> rows, CompletionSettings settings, ImageCompletionMonitor? monitor, IHostEnvironment? host)
    {
        if (rows.Count == 1)
        {
            try
            {
                return [new RowOutcome(Fit(rows[0], settings, monitor, host, Interlocked.Increment(ref _fits)), null)];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return [new RowOutcome(null, e)];
            }
        }
        var numbers = rows.Select(_ => monitor?.NextImageNumber() ?? 0).ToArray();
        int first = Interlocked.Add(ref _fits, rows.Count) - rows.Count + 1;
        var clock = Stopwatch.StartNew();
        using var channel = host?.Start("CompleteImage");
        var options = OptionsFor(settings, host, channel);
        var image = rows[0].Image;
        channel?.Info(MessageSensitivity.None,
            $"Image completion {first}-{first + rows.Count - 1}: fitting {rows.Count} {image.Height}x{image.Width}x{image.Channels} images together, {options.Method} {options.StepsFor(image.Height, image.Width)} steps, {options.Threads} threads.");
        foreach (int number in numbers) monitor?.Report(ImageCompletionStage.Started, number, clock.Elapsed);
        using var cancellation = new FitCancellation(monitor, host);
        var progress = new ImmediateProgress<BatchFitProgress>(p =>
        {
            monitor?.Report(ImageCompletionStage.Fitting, numbers[p.Picture], clock.Elapsed, p.Progress);
            channel?.Trace(MessageSensitivity.None, $"Image completion {first + p.Picture}: step {p.Progress.Step}, loss {p.Progress.Loss:G4}.");
        });
        try
        {
            // A batch that fails as a whole fits each row on its own (the engine's rule), so the row at fault reports its own error.
            var outcome = BatchCompletionFitter.FitEach(options, rows.Select(r => new BatchPicture(r.Image, r.Mask)).ToList(),
                k => FitResult(rows[k], settings, monitor, host, first + k), progress, cancellation.Token);
            if (outcome.BatchFailure is { } failure)
                channel?.Warning(MessageSensitivity.None, $"Image completion {first}-{first + rows.Count - 1}: the batched fit failed ({failure.Message}); the rows were fitted one at a time.");
            var completed = new List<RowOutcome>(rows.Count);
            for (int k = 0; k < rows.Count; k++)
            {
                if (outcome.Results[k] is not { } result)
                {
                    completed.Add(new RowOutcome(null, outcome.Errors[k]));
                    continue;
                }
                completed.Add(new RowOutcome(ToRow(rows[k], result, settings), null));
                if (outcome.FittedTogether) monitor?.Report(ImageCompletionStage.Completed, numbers[k], clock.Elapsed);
            }
            channel?.Info(MessageSensitivity.None, $"Image completion {first}-{first + rows.Count - 1}: done in {clock.Elapsed.TotalSeconds:0.0} s.");
            return completed;
        }
        catch (OperationCanceledException)
        {
            foreach (int number in numbers) monitor?.Report(ImageCompletionStage.Cancelled, number, clock.Elapsed);
            channel?.Warning(MessageSensitivity.None, $"Image completion {first}-{first + rows.Count - 1}: cancelled after {clock.Elapsed.TotalSeconds:0.0} s.");
            throw;
        }
    }

    private static CompletedRow Fit(ObservedRow row, CompletionSettings settings, ImageCompletionMonitor? monitor, IHostEnvironment? host, int fit) =>
        ToRow(row, FitResult(row, settings, monitor, host, fit), settings);

    /// <summary>
    /// The engine's completed image (best held-out step, output averaging, classical blend), not the raw render, in the
    /// column's units: CompleteImage must give the engine's pixels for every option. Denoising replaces every pixel.
    /// </summary>
    private static CompletedRow ToRow(ObservedRow row, CompletionResult result, CompletionSettings settings) =>
        new(row.ToColumnUnits(result.Completed, keepObserved: !settings.Denoise), row.ToColumnUnits(result.RawOutput, keepObserved: false));

    /// <summary>A row read ahead into a batch: its completed row, or the error its fit met.</summary>
    internal sealed record RowOutcome(CompletedRow? Row, Exception? Error);

    /// <summary>One row's own fit, logged and reported to the monitor.</summary>
    private static CompletionResult FitResult(ObservedRow row, CompletionSettings settings, ImageCompletionMonitor? monitor, IHostEnvironment? host, int fit)
    {
        int number = monitor?.NextImageNumber() ?? 0;
        var clock = Stopwatch.StartNew();
        using var channel = host?.Start("CompleteImage");
        var options = OptionsFor(settings, host, channel);
        var image = row.Image;
        string what = $"{image.Height}x{image.Width}x{image.Channels} image, {row.Mask.MissingCount} missing pixels, {options.Method} {options.StepsFor(image.Height, image.Width)} steps, {options.Threads} threads";
        channel?.Info(MessageSensitivity.None, $"Image completion {fit}: fitting a {what}.");
        monitor?.Report(ImageCompletionStage.Started, number, clock.Elapsed);

        FitProgress? last = null;
        var progress = new ImmediateProgress<FitProgress>(p =>
        {
            last = p;
            monitor?.Report(ImageCompletionStage.Fitting, number, clock.Elapsed, p);
            channel?.Trace(MessageSensitivity.None, $"Image completion {fit}: step {p.Step}, loss {p.Loss:G4}.");
        });
        using var cancellation = new FitCancellation(monitor, host);
        try
        {
            var fitter = new CompletionFitter(options);
            var result = settings.Denoise
                ? fitter.Denoise(row.Image, clean: null, progress, cancellation.Token)
                : fitter.Fit(row.Image, row.Mask, truth: null, progress, cancellation.Token);
            monitor?.Report(ImageCompletionStage.Completed, number, clock.Elapsed);
            if (result.Diverged)
                channel?.Warning(MessageSensitivity.None, $"Image completion {fit}: the fit did not converge (its loss ended above where it started): lower the learning rate.");
            channel?.Info(MessageSensitivity.None, $"Image completion {fit}: done in {clock.Elapsed.TotalSeconds:0.0} s ({result.StepsRun} steps, {result.StopReason}).");
            return result;
        }
        catch (OperationCanceledException)
        {
            monitor?.Report(ImageCompletionStage.Cancelled, number, clock.Elapsed, last);
            channel?.Warning(MessageSensitivity.None, $"Image completion {fit}: cancelled after {clock.Elapsed.TotalSeconds:0.0} s.");
            throw;
        }
    }

    /// <summary>The engine options of one fit: the settings' own, with the per-fit threads and device; no adjacency copies (ML.NET outputs do not carry them).</summary>
    private static CompletionOptions OptionsFor(CompletionSettings settings, IHostEnvironment? host, IChannel? channel) => settings.Completion with
    {
        CaptureAdjacency = false,
        Threads = settings.ThreadsPerFit,
        Device = DeviceFor(settings.Completion, host, channel),
    };

    /// <summary>A fit's cancellation: the monitor's token, or the MLContext's cancellation (polled, as ML.NET sets a flag).</summary>
    private sealed class FitCancellation : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly Timer? _hostWatch;

        public FitCancellation(ImageCompletionMonitor? monitor, IHostEnvironment? host)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(monitor?.CancellationToken ?? default);
            _hostWatch = host is null
                ? null
                : new Timer(_ => { if (MLNetInternals.IsCancelled(host)) _source.Cancel(); }, null, HostCancellationPoll, HostCancellationPoll);
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            _hostWatch?.Dispose();
            _source.Dispose();
        }
    }

    /// <summary>
    /// The device of a fit: the MLContext's <c>GpuDeviceId</c> when set (a network method only), else the options' own
    /// <see cref="CompletionOptions.Device"/>. A GPU this process cannot use falls back to the CPU with a warning when
    /// <c>FallbackToCpu</c> is set, and fails the row otherwise (as ML.NET's own GPU trainers do).
    /// </summary>
    private static string DeviceFor(CompletionOptions completion, IHostEnvironment? host, IChannel? channel)
    {
        var (gpu, fallback) = MLNetInternals.GpuSettings(host);
        if (gpu is not int id || completion.Method != CompletionMethod.Network) return completion.Device;
        string device = $"cuda:{id}";
        try
        {
            TorchRuntime.ResolveDevice(device, "MLContext.GpuDeviceId");
            return device;
        }
        catch (DeviceUnavailableException e) when (fallback)
        {
            channel?.Warning(MessageSensitivity.None, $"{e.Message} MLContext.FallbackToCpu is set: fitting on the CPU.");
            return TorchRuntime.CpuDevice;
        }
    }

    /// <summary>One message on a short-lived channel of <paramref name="host"/>, if there is one.</summary>
    private static void Log(IHostEnvironment? host, Action<IChannel> write)
    {
        if (host is null) return;
        using var channel = host.Start("CompleteImage");
        write(channel);
    }

    /// <summary>A finished row in the column's units and layout.</summary>
    internal sealed record CompletedRow(float[] Completed, float[] Raw);

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread, at once (not via a synchronisation context).</summary>
    private sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>One row, checked and converted for the engine.</summary>
    internal sealed class ObservedRow
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

            // Denoising reads every pixel: no mask column is read (DenoiseImage points it at the pixels).
            var maskValues = s.Denoise ? Enumerable.Repeat(1f, layout.Plane).ToArray() : ReadMask(input, s);
            if (!s.Denoise) CheckMask(maskValues, s);

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

        private static float[] ReadMask(PixelsAndMaskRow input, CompletionSettings s)
        {
            if (Vectors.IsEmpty(input.Mask))
                throw new BadRowException($"column '{s.MaskColumn}' holds no mask values in this row (a mask that could not be loaded).");
            return Vectors.ToArray(input.Mask);
        }

        private static void CheckMask(float[] maskValues, CompletionSettings s)
        {
            var layout = s.Layout;
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
