using Inrr.MLNet.Internal;
using Inrr.Torch.Fitting;
using Microsoft.ML;

namespace Inrr.MLNet;

/// <summary>
/// Progress and cancellation for the image completions of one model (a pipeline just fitted, or one loaded from a
/// file). Transforms are lazy: the fits run inside whatever reads the data (a cursor, <c>GetColumn</c>, an
/// evaluator), so the monitor is attached to the model and sees every fit its completion transforms run, on
/// whichever thread ML.NET reads the rows, until it is disposed. Other models, in this thread or another, are not
/// affected: there is no process-wide state.
/// </summary>
/// <example>
/// <code>
/// using var monitor = ImageCompletionMonitor.Watch(model,
///     new Progress&lt;ImageCompletionProgress&gt;(p =&gt; Console.WriteLine($"image {p.ImageNumber}: {p.Stage}")),
///     cancellation.Token);
/// var evaluation = mlContext.EvaluateImageCompletion(model.Transform(data), "Truth", "Completed", "Mask");
/// </code>
/// </example>
/// <remarks>
/// <para>Without a monitor, a completion transform still logs to its <c>MLContext</c>: <c>mlContext.Log</c> receives
/// an Info message when each fit starts and ends, a Trace message at each logged step (every
/// <see cref="CompletionOptions.LogInterval"/> steps), a Warning when a fit is cancelled and an Error when a row
/// fails; and the MLContext's own cancellation (what ML.NET's AutoML uses) stops the running fit. A model loaded from
/// a file is bound to the loading MLContext once watched.</para>
/// <para>Reports come from ML.NET's reading threads, possibly at the same time: the <see cref="IProgress{T}"/> must be
/// thread-safe (<see cref="Progress{T}"/> is). Cancelling stops the running fit at its next step, reports
/// <see cref="ImageCompletionStage.Cancelled"/> and makes reading throw an <see cref="OperationCanceledException"/> (a
/// <see cref="FitCancelledException"/> with the partial fit when one was running; ML.NET may wrap it).</para>
/// </remarks>
public sealed class ImageCompletionMonitor : IDisposable
{
    private readonly IProgress<ImageCompletionProgress>? _progress;
    private readonly List<ImageCompletionMapping> _watched = [];
    private int _numbers, _completed, _reused, _failed, _cancelled;

    private ImageCompletionMonitor(IProgress<ImageCompletionProgress>? progress, CancellationToken cancellationToken)
    {
        _progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>Attaches a monitor to every image completion transform of <paramref name="model"/> until disposed.</summary>
    /// <param name="model">A fitted pipeline or transformer, or a model loaded with <c>mlContext.Model.Load</c>.</param>
    /// <param name="progress">Receives a report when an image starts, at each logged fit step, and when it ends.</param>
    /// <param name="cancellationToken">Stops the model's running fit and every later one.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> contains no image completion transform.</exception>
    /// <remarks>A model has one monitor at a time: watching it again replaces the earlier monitor.</remarks>
    public static ImageCompletionMonitor Watch(ITransformer model, IProgress<ImageCompletionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var mappings = MLNetInternals.CompletionMappings(model).ToList();
        if (mappings.Count == 0)
            throw new ArgumentException($"The model ({model.GetType().Name}) contains no image completion transform (CompleteImage) to watch.", nameof(model));
        var monitor = new ImageCompletionMonitor(progress, cancellationToken);
        foreach (var (mapping, host) in mappings)
        {
            mapping.AttachHost(host);
            mapping.Monitor = monitor;
            monitor._watched.Add(mapping);
        }
        return monitor;
    }

    /// <summary>The token that cancels the monitored completions.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Images whose work started (fits, reuses and failures).</summary>
    public int ImagesStarted => Volatile.Read(ref _numbers);

    /// <summary>Images fitted to the end.</summary>
    public int ImagesCompleted => Volatile.Read(ref _completed);

    /// <summary>Rows answered from the cache of an earlier identical fit.</summary>
    public int ImagesReused => Volatile.Read(ref _reused);

    /// <summary>Rows that could not be completed.</summary>
    public int ImagesFailed => Volatile.Read(ref _failed);

    /// <summary>Fits stopped by cancellation.</summary>
    public int ImagesCancelled => Volatile.Read(ref _cancelled);

    /// <summary>Detaches the monitor from the model (a monitor attached after this one stays).</summary>
    public void Dispose()
    {
        lock (_watched)
        {
            foreach (var mapping in _watched) mapping.ReleaseMonitor(this);
            _watched.Clear();
        }
    }

    internal int NextImageNumber() => Interlocked.Increment(ref _numbers);

    internal void Report(ImageCompletionStage stage, int imageNumber, TimeSpan elapsed, FitProgress? fit = null, string? error = null)
    {
        switch (stage)
        {
            case ImageCompletionStage.Completed: Interlocked.Increment(ref _completed); break;
            case ImageCompletionStage.Reused: Interlocked.Increment(ref _reused); break;
            case ImageCompletionStage.Failed: Interlocked.Increment(ref _failed); break;
            case ImageCompletionStage.Cancelled: Interlocked.Increment(ref _cancelled); break;
        }
        _progress?.Report(new ImageCompletionProgress(stage, imageNumber, fit, elapsed, error));
    }
}
