using System.Diagnostics;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Runtime;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Completes a picture larger than one window around its holes (<see cref="WindowOptions"/>): plans the windows, fits
/// them (windows of one size together when <see cref="WindowOptions.PicturesPerFit"/> asks, several fits at once when
/// the cores allow), and writes each window's fill of the holes back, blended by the plan's weights. Windows are
/// written back in the plan's order whatever order their fits end in, so the pixels do not depend on the concurrency.
/// </summary>
internal static class WindowedCompletion
{
    /// <summary>The options every window is fitted with: a picture of Size x Size's steps (exactly, however much of it the window takes), no windows of its own.</summary>
    public static CompletionOptions WindowFitOptions(CompletionOptions options)
    {
        var windows = options.Windows ?? throw new ArgumentException("No window options.", nameof(options));
        return options.ForSize(windows.Size, windows.Size) with { Windows = null };
    }

    /// <summary>Fits running at once: the option's count, else as many as the cores hold at the threads of one fit.</summary>
    public static int ConcurrentFits(CompletionOptions options) => options.Windows is { ConcurrentFits: > 0 } w
        ? w.ConcurrentFits
        : Math.Max(1, Environment.ProcessorCount / TorchRuntime.ResolveThreads(options.Threads));

    /// <summary>The estimate of a windowed completion: one window's fit per concurrent fit, the picture's own images, and the time of every window in <paramref name="windows"/>.</summary>
    public static FitEstimate Estimate(CompletionOptions options, int channels, IReadOnlyList<PixelRect> windows, int height, int width)
    {
        var settings = options.Windows!;
        var fitOptions = WindowFitOptions(options);
        int concurrent = ConcurrentFits(options) * settings.PicturesPerFit;
        var full = FitEstimate.WholePicture(fitOptions, channels, settings.Size, settings.Size);
        long perFit = full.PeakBytes - FitEstimate.FixedBytes;
        // The picture, its mask and the completed copy (the caller's input and output).
        long picture = (long)height * width * (2L * channels + 1) * sizeof(float);
        // Time as on 2 threads (FitEstimate's unit), shared by the fits that run at once.
        double seconds = windows.Sum(w => FitEstimate.WholePicture(fitOptions, channels, w.Height, w.Width).Duration.TotalSeconds);
        return new FitEstimate(FitEstimate.FixedBytes + concurrent * perFit + picture, TimeSpan.FromSeconds(seconds), fitOptions.Steps);
    }

    /// <summary>Completes <paramref name="image"/> (validated) in the windows of <paramref name="plan"/>.</summary>
    /// <exception cref="FitCancelledException">Cancelled: the partial result holds the fills of the windows finished so far (the other holes are 0).</exception>
    public static CompletionResult Run(CompletionOptions options, Device device, ImageData image, Mask mask, ImageData? truth, WindowPlan plan,
        IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fitOptions = WindowFitOptions(options);
        var windows = options.Windows!;
        int count = plan.Windows.Count;
        // Observed pixels as given, bit for bit; each hole the sum of its windows' weighted fills.
        var output = image.Clone();
        int plane = image.PlaneSize;
        for (int i = 0; i < plane; i++)
            if (mask.Values[i] != 1f)
                for (int c = 0; c < image.Channels; c++) output.Pixels[c * plane + i] = 0f;

        // Fit units in the plan's order: windows of one size together (PicturesPerFit), each unit a list of plan indices.
        var units = new List<IReadOnlyList<PlannedWindow>>();
        var groups = new PictureGroups<PlannedWindow>(windows.PicturesPerFit);
        foreach (var w in plan.Windows)
            if (groups.Add(w, image.Channels, w.Bounds.Height, w.Bounds.Width) is { } full) units.Add(full);
        units.AddRange(groups.TakeRest());

        var gate = new object();
        var fitted = new FitWindow[count];
        var histories = new IReadOnlyList<FitProgress>[count];
        bool diverged = false;
        int concurrent = Math.Min(ConcurrentFits(options), units.Count);
        // Fits run on `concurrent` workers, each taking the next unit; finished units wait until every unit before them is
        // written back, so the sums in the blending bands do not depend on which fit ended first.
        var finished = new Dictionary<int, BatchFitOutcome>();
        int next = -1, nextToWrite = 0;
        void WriteFinished()
        {
            while (finished.Remove(nextToWrite, out var outcome))
            {
                var unit = units[nextToWrite++];
                for (int k = 0; k < unit.Count; k++)
                {
                    var w = unit[k];
                    if (outcome.Errors[k] is { } error)
                        throw new InvalidOperationException($"The window at x {w.Bounds.X}, y {w.Bounds.Y} ({w.Bounds.Width}x{w.Bounds.Height}) could not be completed: {error.Message}", error);
                    var result = outcome.Results[k]!;
                    WriteBack(plan, w, result.Completed, mask, output);
                    fitted[w.Index] = new FitWindow(w.Bounds, w.Core, w.MissingPixels, result.StepsRun, result.Elapsed, result.StopReason);
                    histories[w.Index] = result.History;
                    diverged |= result.Diverged;
                }
            }
        }
        void Work()
        {
            for (int u = Interlocked.Increment(ref next); u < units.Count; u = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outcome = FitUnit(units[u], fitOptions, device, image, mask, truth, count, progress, gate, cancellationToken, windows.NetworkCutoff);
                lock (gate)
                {
                    finished[u] = outcome;
                    WriteFinished();
                }
            }
        }
        try
        {
            // Dedicated threads (not the pool's): each fit holds its thread for minutes.
            var workers = Enumerable.Range(0, concurrent - 1).Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
            Exception? failure = null;
            try
            {
                Work();
            }
            catch (Exception e)
            {
                failure = e;
                Interlocked.Exchange(ref next, units.Count); // the other workers take no new unit
            }
            foreach (var worker in workers)
            {
                try
                {
                    worker.GetAwaiter().GetResult();
                }
                catch (Exception e) when (failure is null || (failure is OperationCanceledException && e is not OperationCanceledException))
                {
                    failure = e;
                    Interlocked.Exchange(ref next, units.Count);
                }
                catch (Exception)
                {
                    // a second failure after the first (or a cancellation after a failure): the first is reported
                }
            }
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        catch (OperationCanceledException e)
        {
            // What is done is kept: the fills of the windows written back, the other holes still 0.
            var partial = Result(options, output, fitted.Where(f => f is not null).ToList(), histories, clock.Elapsed, StopReason.Cancelled, diverged);
            throw new FitCancelledException(partial, e.CancellationToken);
        }
        return Result(options, output, fitted, histories, clock.Elapsed, StopReason.Completed, diverged);
    }

    private static CompletionResult Result(CompletionOptions options, ImageData output, IReadOnlyList<FitWindow> windows,
        IReadOnlyList<FitProgress>?[] histories, TimeSpan elapsed, StopReason reason, bool diverged) =>
        new(output, output, histories.Where(h => h is not null).SelectMany(h => h!).ToList(), [], windows.Sum(w => w.StepsRun), elapsed, reason, options, null)
        {
            Windows = windows,
            Diverged = diverged,
        };

    /// <summary>One unit's fits: together when there are several (each alone if that fails), each window's steps reported with its index.</summary>
    private static BatchFitOutcome FitUnit(IReadOnlyList<PlannedWindow> unit, CompletionOptions fitOptions, Device device, ImageData image, Mask mask,
        ImageData? truth, int count, IProgress<FitProgress>? progress, object gate, CancellationToken cancellationToken, double cutoff)
    {
        TorchRuntime.SetThreads(fitOptions.Threads);
        var pictures = unit.Select(w => new BatchPicture(Crop(image, w.Bounds), Crop(mask, w.Bounds), truth is null ? null : Crop(truth, w.Bounds))).ToList();
        IProgress<FitProgress>? Tagged(PlannedWindow w) => progress is null ? null : new Relay<FitProgress>(p =>
        {
            lock (gate) progress.Report(p with { WindowIndex = w.Index, WindowCount = count });
        });
        var batchProgress = progress is null ? null : new Relay<BatchFitProgress>(p =>
        {
            lock (gate) progress.Report(p.Progress with { WindowIndex = unit[p.Picture].Index, WindowCount = count });
        });
        return BatchCompletionFitter.FitEachWithCutoff(fitOptions, pictures,
            k => CompletionFitter.Run(fitOptions, device, pictures[k], Tagged(unit[k]), denoising: false, checkpoint: null, cancellationToken, cutoff),
            batchProgress, cancellationToken, cutoff);
    }

    /// <summary>Adds the window's fill of the holes it reaches, weighted, into <paramref name="output"/>.</summary>
    private static void WriteBack(WindowPlan plan, PlannedWindow w, ImageData fill, Mask mask, ImageData output)
    {
        int plane = output.PlaneSize, windowPlane = fill.PlaneSize;
        for (int y = 0; y < w.Bounds.Height; y++)
        {
            int py = w.Bounds.Y + y;
            for (int x = 0; x < w.Bounds.Width; x++)
            {
                int px = w.Bounds.X + x;
                int index = py * output.Width + px;
                if (mask.Values[index] == 1f) continue;
                double weight = plan.Weight(w, py, px);
                if (weight == 0) continue;
                for (int c = 0; c < output.Channels; c++)
                    output.Pixels[c * plane + index] += (float)(weight * fill.Pixels[c * windowPlane + y * w.Bounds.Width + x]);
            }
        }
    }

    private static ImageData Crop(ImageData image, PixelRect r)
    {
        var pixels = new float[image.Channels * r.Height * r.Width];
        for (int c = 0; c < image.Channels; c++)
            for (int y = 0; y < r.Height; y++)
                Array.Copy(image.Pixels, c * image.PlaneSize + (r.Y + y) * image.Width + r.X, pixels, (c * r.Height + y) * r.Width, r.Width);
        return new ImageData(image.Channels, r.Height, r.Width, pixels);
    }

    private static Mask Crop(Mask mask, PixelRect r)
    {
        var values = new float[r.Height * r.Width];
        for (int y = 0; y < r.Height; y++) Array.Copy(mask.Values, (r.Y + y) * mask.Width + r.X, values, y * r.Width, r.Width);
        return new Mask(r.Height, r.Width, values);
    }

    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
