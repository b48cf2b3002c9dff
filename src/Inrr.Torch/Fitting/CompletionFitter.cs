using System.Diagnostics;
using Inrr.Torch.Classical;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Runtime;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Completes one image: fits a representation to the observed pixels under the configured regularisers and
/// fills the holes with its output. Each step renders the whole image, takes one backward pass of
/// data term + regularisers through every network, then steps every optimiser.
/// </summary>
public sealed class CompletionFitter
{
    /// <summary>Creates a fitter with <paramref name="options"/> (default: <see cref="CompletionOptions"/>'s defaults, the Guided preset).</summary>
    public CompletionFitter(CompletionOptions? options = null)
    {
        Options = options ?? new CompletionOptions();
        Options.Validate();
    }

    /// <summary>The options every fit of this fitter uses.</summary>
    public CompletionOptions Options { get; }

    /// <summary>
    /// Completes <paramref name="image"/> where <paramref name="mask"/> is 0.
    /// </summary>
    /// <param name="image">The observed image; values in holes are ignored (they may be NaN).</param>
    /// <param name="mask">1 = observed, 0 = hole; same height and width as the image.</param>
    /// <param name="truth">The clean image, if known: the history then carries quality metrics.</param>
    /// <param name="progress">Receives every logged step.</param>
    /// <param name="cancellationToken">Cancels the fit; a <see cref="FitCancelledException"/> then carries the partial result.</param>
    /// <param name="checkpoint">Where the fit saves its state as it goes and resumes from when the file exists (a killed or
    /// cancelled fit then goes on where it was, to the same numbers); null: no checkpoint.</param>
    /// <exception cref="FitCheckpointMismatchException">The checkpoint file belongs to another fit (other options or pictures).</exception>
    /// <exception cref="InvalidDataException">The checkpoint file is damaged.</exception>
    public CompletionResult Fit(ImageData image, Mask mask, ImageData? truth = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default, FitCheckpoint? checkpoint = null)
    {
        Validate(image, mask, truth);
        checkpoint?.Validate();
        if (Options.Method != CompletionMethod.Network)
        {
            FitEstimate.EnsureFits(Options, image.Channels, image.Height, image.Width, Options.MemoryLimitBytes);
            return CompleteClassically(image, mask, truth, progress);
        }
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(Options.Threads);
        var device = TorchRuntime.ResolveDevice(Options.Device, nameof(CompletionOptions.Device));
        if (Options.Windows is { } windows && windows.Applies(image.Height, image.Width))
        {
            if (checkpoint is not null)
                throw new ArgumentException($"A {image.Width}x{image.Height} picture is completed in windows, which keep no checkpoint: leave the checkpoint out, or fit the whole picture (Windows = null).", nameof(checkpoint));
            var plan = WindowPlan.For(mask, windows);
            FitEstimate.EnsureFits(Options, image.Channels, mask, Options.MemoryLimitBytes);
            return WindowedCompletion.Run(Options, device, image, mask, truth, plan, progress, cancellationToken);
        }
        // Refused now, with the size that fits, rather than killed by the kernel half-way.
        FitEstimate.EnsureFits(Options, image.Channels, image.Height, image.Width, Options.MemoryLimitBytes);
        // The steps this picture gets (ReferencePixels); the result records them, so its options rerun it exactly.
        return Run(Options.ForSize(image.Height, image.Width), device, new BatchPicture(image, mask, truth), progress, denoising: false, checkpoint, cancellationToken);
    }

    /// <summary>
    /// Denoises <paramref name="noisy"/>, the paper's second task: every pixel is observed, with noise. The network is
    /// fitted to all of them under the regularisers, and its output (at the best held-out step when
    /// <see cref="CompletionOptions.HoldoutFraction"/> is set, else the last) replaces every pixel. A network fitted long
    /// enough reproduces the noise too: the history's metrics against <paramref name="clean"/> show when.
    /// </summary>
    /// <remarks>
    /// A classical guide has no holes to fill here and is not used; held-out pixels are picked at random (there are no
    /// holes to copy the shape of). The result's hole metrics are NaN: judge it by whole-image PSNR and SSIM.
    /// </remarks>
    /// <param name="noisy">The noisy image, values in [0, 1].</param>
    /// <param name="clean">The clean image, if known: the history then carries PSNR and SSIM against it.</param>
    /// <param name="progress">Receives every logged step.</param>
    /// <param name="cancellationToken">Cancels the fit; a <see cref="FitCancelledException"/> then carries the partial result.</param>
    /// <param name="checkpoint">Where the fit saves its state and resumes from, as in <see cref="Fit"/>; null: no checkpoint.</param>
    /// <exception cref="ArgumentException">The method is a classical inpainting (it has nothing to do without holes), or an input is invalid.</exception>
    public CompletionResult Denoise(ImageData noisy, ImageData? clean = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default, FitCheckpoint? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(noisy);
        checkpoint?.Validate();
        if (Options.Method != CompletionMethod.Network)
            throw new ArgumentException($"{Options.Method} inpainting fills holes; a noisy picture has none. Denoise with a network.", nameof(Options));
        noisy.EnsureInUnitRange(nameof(noisy));
        var everyPixel = new Mask(noisy.Height, noisy.Width, Enumerable.Repeat(1f, noisy.Height * noisy.Width).ToArray());
        if (clean is not null)
        {
            if (clean.Channels != noisy.Channels || clean.Height != noisy.Height || clean.Width != noisy.Width)
                throw new ArgumentException(
                    $"The clean image is {clean.Channels}x{clean.Height}x{clean.Width} but the noisy one is {noisy.Channels}x{noisy.Height}x{noisy.Width}.", nameof(clean));
            clean.EnsureInUnitRange(nameof(clean));
        }
        // The whole picture: every pixel is noisy, there are no holes to put windows around.
        var options = Options.ForSize(noisy.Height, noisy.Width) with { ClassicalGuide = null, HoldoutShape = HoldoutShape.Random, RefitSteps = 0, Windows = null };
        FitEstimate.EnsureFits(options, noisy.Channels, noisy.Height, noisy.Width, options.MemoryLimitBytes);
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(options.Threads);
        var device = TorchRuntime.ResolveDevice(options.Device, nameof(CompletionOptions.Device));
        return Run(options, device, new BatchPicture(noisy, everyPixel, clean), progress, denoising: true, checkpoint, cancellationToken);
    }

    /// <summary>A fit of one picture: the engine's batch of one, with any representation and regulariser.</summary>
    internal static CompletionResult Run(CompletionOptions options, Device device, BatchPicture picture, IProgress<FitProgress>? progress,
        bool denoising, FitCheckpoint? checkpoint, CancellationToken cancellationToken, double networkCutoff = 0)
    {
        using var engine = new FitEngine(options, device, [picture],
            (observed, masks, train) => new SinglePictureModel(options, observed[0], masks[0], train[0], device),
            progress is null ? null : (_, entry) => progress.Report(entry), denoising, checkpoint, cancellationToken, networkCutoff);
        return engine.Execute(cancellationToken)[0];
    }

    /// <summary>A classical method alone: the fill as the result, one history entry with its metrics.</summary>
    private CompletionResult CompleteClassically(ImageData image, Mask mask, ImageData? truth, IProgress<FitProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        var method = Options.Method switch
        {
            CompletionMethod.Telea => ClassicalInpaintMethod.Telea,
            CompletionMethod.FrequencySelective => ClassicalInpaintMethod.FrequencySelective,
            _ => ClassicalInpaintMethod.NavierStokes,
        };
        var filled = ClassicalInpainter.Inpaint(image, mask, method);
        clock.Stop();
        var metrics = truth is null ? null : ImageMetrics.Evaluate(filled, truth, mask);
        var entry = new FitProgress(0, 0, 0, 0, 0, new Dictionary<string, double>(), metrics, clock.Elapsed);
        progress?.Report(entry);
        return new CompletionResult(filled, filled.Clone(), [entry], [], 0, clock.Elapsed, StopReason.Completed, Options, null);
    }

    internal static void Validate(ImageData image, Mask mask, ImageData? truth)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        mask.EnsureUsableFor(image.Height, image.Width, nameof(mask));
        mask.Apply(image).EnsureInUnitRange(nameof(image)); // only observed pixels are read: finite, in [0, 1]
        if (truth is null) return;
        if (truth.Channels != image.Channels || truth.Height != image.Height || truth.Width != image.Width)
            throw new ArgumentException(
                $"Ground truth is {truth.Channels}x{truth.Height}x{truth.Width} but the image is {image.Channels}x{image.Height}x{image.Width}.",
                nameof(truth));
        truth.EnsureInUnitRange(nameof(truth));
    }
}
