using Inrr.Torch.Fitting;

namespace Inrr.MLNet;

/// <summary>What happened to an image in a completion pass (see <see cref="ImageCompletionProgress"/>).</summary>
public enum ImageCompletionStage
{
    /// <summary>A fit started.</summary>
    Started,

    /// <summary>A logged step of a running fit (every <see cref="CompletionOptions.LogInterval"/> steps).</summary>
    Fitting,

    /// <summary>A fit finished.</summary>
    Completed,

    /// <summary>The row was completed before (same image, mask and options) and the result was reused.</summary>
    Reused,

    /// <summary>The row could not be completed; <see cref="ImageCompletionProgress.Error"/> says why.</summary>
    Failed,
}

/// <summary>One report of an <see cref="ImageCompletionMonitor"/>.</summary>
/// <param name="Stage">What happened.</param>
/// <param name="ImageNumber">1-based number of the image within the monitor, in the order its work started.</param>
/// <param name="Fit">The fit's state for <see cref="ImageCompletionStage.Fitting"/>, else null.</param>
/// <param name="Elapsed">Time since the image's work started.</param>
/// <param name="Error">Why the row failed, for <see cref="ImageCompletionStage.Failed"/>.</param>
public sealed record ImageCompletionProgress(ImageCompletionStage Stage, int ImageNumber, FitProgress? Fit, TimeSpan Elapsed, string? Error);

/// <summary>
/// Progress and cancellation for image completion while rows are read. Transforms are lazy: the fits run inside
/// whatever reads the data (a cursor, <c>GetColumn</c>, an evaluator), so a monitor is a scope around that reading
/// rather than an argument of the transform. It works the same for a pipeline just fitted and for one loaded from
/// a file, whose transformers no code of yours can reach.
/// </summary>
/// <example>
/// <code>
/// using var monitor = ImageCompletionMonitor.Start(
///     new Progress&lt;ImageCompletionProgress&gt;(p =&gt; Console.WriteLine($"image {p.ImageNumber}: {p.Stage}")),
///     cancellation.Token);
/// var evaluation = new ImageCompletionEvaluator(mlContext).Evaluate(completed, "Truth", "Completed", "Mask");
/// </code>
/// </example>
/// <remarks>
/// The scope is process-wide: while a monitor is active (the most recently started one that is not disposed) it
/// sees every image completion in the process. It cannot follow the caller's execution context because ML.NET reads
/// rows on worker threads of its own that do not carry it. Reports come from those threads, possibly at the same
/// time: the <see cref="IProgress{T}"/> must be thread-safe (<see cref="Progress{T}"/> is). Cancelling stops the running fit
/// at its next step and makes reading throw an <see cref="OperationCanceledException"/> (a
/// <see cref="FitCancelledException"/> with the partial fit when one was running; ML.NET may wrap it).
/// </remarks>
public sealed class ImageCompletionMonitor : IDisposable
{
    private static readonly object ActiveLock = new();
    private static ImageCompletionMonitor? _active;

    private ImageCompletionMonitor? _previous;
    private readonly IProgress<ImageCompletionProgress>? _progress;
    private int _numbers, _completed, _reused, _failed;
    private bool _disposed;

    private ImageCompletionMonitor(IProgress<ImageCompletionProgress>? progress, CancellationToken cancellationToken)
    {
        _progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>Starts monitoring the image completions of this process, until disposed.</summary>
    /// <param name="progress">Receives a report when an image starts, at each logged fit step, and when it ends.</param>
    /// <param name="cancellationToken">Stops the running fit and every later one.</param>
    public static ImageCompletionMonitor Start(IProgress<ImageCompletionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new ImageCompletionMonitor(progress, cancellationToken);
        lock (ActiveLock)
        {
            monitor._previous = _active;
            _active = monitor;
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

    /// <summary>Ends the scope; the monitor that was active before this one becomes active again.</summary>
    public void Dispose()
    {
        lock (ActiveLock)
        {
            if (_disposed) return;
            _disposed = true;
            if (ReferenceEquals(_active, this))
            {
                var previous = _previous;
                while (previous is { _disposed: true }) previous = previous._previous;
                _active = previous;
            }
        }
    }

    /// <summary>The active monitor, if any.</summary>
    internal static ImageCompletionMonitor? Current => Volatile.Read(ref _active);

    internal int NextImageNumber() => Interlocked.Increment(ref _numbers);

    internal void Report(ImageCompletionStage stage, int imageNumber, TimeSpan elapsed, FitProgress? fit = null, string? error = null)
    {
        switch (stage)
        {
            case ImageCompletionStage.Completed: Interlocked.Increment(ref _completed); break;
            case ImageCompletionStage.Reused: Interlocked.Increment(ref _reused); break;
            case ImageCompletionStage.Failed: Interlocked.Increment(ref _failed); break;
        }
        _progress?.Report(new ImageCompletionProgress(stage, imageNumber, fit, elapsed, error));
    }
}
