using Inrr.Torch.Masks;
using Inrr.Torch.Runtime;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Completes B pictures of one size in one fit: one batched SIREN (every layer a [B, in, out] weight tensor, one batched
/// matrix product per layer) and, with INRR, batched row and column tiny INRs, each picture with its own weights, its
/// own INRR and its own optimiser state. Each picture's loss depends on its own weights alone, so picture b gets the
/// result a separate <see cref="CompletionFitter"/> fit of it gives (the same up to float rounding of the batched
/// products): the same start (each network is built exactly as a single fit builds it), the same steps, held-out
/// pixels, classical guide, blend and early stopping. What changes is the cost: one product over B pictures keeps a
/// machine's cores (or a GPU) busier than B small ones.
/// </summary>
/// <remarks>
/// Takes SIREN with INRR or with no regulariser (the default, Fast and Paper presets); <see cref="Unsupported"/> says
/// why other options are fitted one picture at a time.
/// </remarks>
public sealed class BatchCompletionFitter
{
    /// <summary>Creates a batched fitter with <paramref name="options"/> (default: the Guided preset).</summary>
    /// <exception cref="ArgumentException">The options cannot be batched (see <see cref="Unsupported"/>).</exception>
    public BatchCompletionFitter(CompletionOptions? options = null)
    {
        Options = options ?? new CompletionOptions();
        Options.Validate();
        if (Unsupported(Options) is { } reason) throw new ArgumentException($"These options cannot be fitted in a batch: {reason}.", nameof(options));
    }

    /// <summary>The options every picture is fitted with.</summary>
    public CompletionOptions Options { get; }

    /// <summary>Why <paramref name="options"/> cannot be fitted in a batch, or null when they can.</summary>
    public static string? Unsupported(CompletionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (BatchedSirenModel.Unsupported(options) is { } reason) return reason;
        if (options.EarlyStoppingPatience > 0 && options.ActiveRefitSteps > 0)
            return "early stopping with refit steps: early stopping ends each picture at its own step, a batch refits them all at its end (set RefitSteps = 0 to batch without the refit)";
        return null;
    }

    /// <summary>Completes every picture of <paramref name="pictures"/> (all of one size and channel count) together.</summary>
    /// <param name="pictures">The pictures, each with its mask and optional truth.</param>
    /// <param name="progress">Receives every logged step of every picture.</param>
    /// <param name="cancellationToken">Cancels the whole batch: a <see cref="FitCancelledException"/> then carries every picture's partial result.</param>
    /// <returns>One result per picture, in order: what a separate fit of that picture returns.</returns>
    public IReadOnlyList<CompletionResult> Fit(IReadOnlyList<BatchPicture> pictures, IProgress<BatchFitProgress>? progress = null,
        CancellationToken cancellationToken = default) => FitWithCutoff(pictures, progress, cancellationToken, networkCutoff: 0);

    internal IReadOnlyList<CompletionResult> FitWithCutoff(IReadOnlyList<BatchPicture> pictures, IProgress<BatchFitProgress>? progress,
        CancellationToken cancellationToken, double networkCutoff)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        if (pictures.Count == 0) throw new ArgumentException("The batch is empty.", nameof(pictures));
        var first = pictures[0].Image;
        for (int b = 0; b < pictures.Count; b++)
        {
            var p = pictures[b] ?? throw new ArgumentException($"Picture {b} is null.", nameof(pictures));
            if (p.Image.Channels != first.Channels || p.Image.Height != first.Height || p.Image.Width != first.Width)
                throw new ArgumentException(
                    $"Picture {b} is {p.Image.Channels}x{p.Image.Height}x{p.Image.Width} but picture 0 is {first.Channels}x{first.Height}x{first.Width}: a batch holds pictures of one size (group them by size).",
                    nameof(pictures));
            CompletionFitter.Validate(p.Image, p.Mask, p.Truth);
        }
        EnsureBatchFits(pictures.Count, first.Channels, first.Height, first.Width);
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(Options.Threads);
        var device = TorchRuntime.ResolveDevice(Options.Device, nameof(CompletionOptions.Device));
        var options = Options.ForSize(first.Height, first.Width);
        using var engine = new FitEngine(options, device, pictures,
            (observed, masks, train) => new BatchedSirenModel(options, observed, masks, train, device),
            progress is null ? null : (b, entry) => progress.Report(new BatchFitProgress(b, entry)), denoising: false, checkpoint: null, cancellationToken, networkCutoff);
        return engine.Execute(cancellationToken);
    }

    /// <summary>
    /// Fits <paramref name="pictures"/> (one size) together where that works and one at a time where it does not: if the
    /// batched fit fails as a whole (a picture at fault, too little memory for all of them), each picture is fitted by
    /// <paramref name="fitAlone"/>, so the picture at fault gets its own error and the others complete. One picture is
    /// fitted alone directly. Cancellation is never taken for a failure: it ends the call.
    /// </summary>
    /// <param name="options">The options of every fit; options that cannot be batched (<see cref="Unsupported"/>) fit one at a time.</param>
    /// <param name="pictures">The pictures of the group.</param>
    /// <param name="fitAlone">Fits picture k on its own (the caller's single fit, with its own progress and logging).</param>
    /// <param name="progress">Receives the batched fit's steps.</param>
    /// <param name="cancellationToken">Cancels the batched fit and every fit alone.</param>
    /// <exception cref="OperationCanceledException">Cancelled (a <see cref="FitCancelledException"/> from a fit carries its partial results).</exception>
    public static BatchFitOutcome FitEach(CompletionOptions options, IReadOnlyList<BatchPicture> pictures, Func<int, CompletionResult> fitAlone,
        IProgress<BatchFitProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitEachWithCutoff(options, pictures, fitAlone, progress, cancellationToken, networkCutoff: 0);

    internal static BatchFitOutcome FitEachWithCutoff(CompletionOptions options, IReadOnlyList<BatchPicture> pictures, Func<int, CompletionResult> fitAlone,
        IProgress<BatchFitProgress>? progress, CancellationToken cancellationToken, double networkCutoff)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pictures);
        ArgumentNullException.ThrowIfNull(fitAlone);
        Exception? batchFailure = null;
        if (pictures.Count > 1)
        {
            try
            {
                var together = new BatchCompletionFitter(options).FitWithCutoff(pictures, progress, cancellationToken, networkCutoff);
                return new BatchFitOutcome(together.ToArray(), new Exception?[pictures.Count], null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                batchFailure = e;
            }
        }
        var results = new CompletionResult?[pictures.Count];
        var errors = new Exception?[pictures.Count];
        for (int k = 0; k < pictures.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                results[k] = fitAlone(k);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors[k] = e;
            }
        }
        return new BatchFitOutcome(results, errors, batchFailure);
    }

    /// <summary>B pictures need B times one picture's networks and images (the runtime once).</summary>
    private void EnsureBatchFits(int count, int channels, int height, int width)
    {
        var one = FitEstimate.WholePicture(Options, channels, height, width); // a batch fits whole pictures
        long perPicture = one.PeakBytes - FitEstimate.FixedBytes;
        long limit = Options.MemoryLimitBytes > 0 ? Options.MemoryLimitBytes : FitEstimate.AvailableMemoryBytes();
        long peak = FitEstimate.FixedBytes + count * perPicture;
        if (peak <= limit) return;
        long fits = Math.Max(0, (limit - FitEstimate.FixedBytes) / Math.Max(1, perPicture));
        throw new ArgumentException(
            $"{count} pictures of {height}x{width} need about {FitEstimate.Format(peak)} together, more than the {FitEstimate.Format(limit)} available: " +
            $"fit at most {fits} at once.", nameof(Options.MemoryLimitBytes));
    }
}
