using System.Diagnostics;
using Inrr.Torch.Classical;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Inrr.Torch.Runtime;
using TorchSharp;
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
        // Refused now, with the size that fits, rather than killed by the kernel half-way.
        FitEstimate.EnsureFits(Options, image.Channels, image.Height, image.Width, Options.MemoryLimitBytes);
        if (Options.Method != CompletionMethod.Network) return CompleteClassically(image, mask, truth, progress);
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(Options.Threads);
        var device = TorchRuntime.ResolveDevice(Options.Device, nameof(CompletionOptions.Device));
        // The steps this picture gets (ReferencePixels); the result records them, so its options rerun it exactly.
        using var run = new FitRun(Options.ForSize(image.Height, image.Width), device, image, mask, truth, progress, denoising: false, checkpoint);
        return run.Execute(cancellationToken);
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
        var options = Options.ForSize(noisy.Height, noisy.Width) with { ClassicalGuide = null, HoldoutShape = HoldoutShape.Random, RefitSteps = 0 };
        FitEstimate.EnsureFits(options, noisy.Channels, noisy.Height, noisy.Width, options.MemoryLimitBytes);
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(options.Threads);
        var device = TorchRuntime.ResolveDevice(options.Device, nameof(CompletionOptions.Device));
        using var run = new FitRun(options, device, noisy, everyPixel, clean, progress, denoising: true, checkpoint);
        return run.Execute(cancellationToken);
    }

    /// <summary>The state of one fit: networks, optimisers, stages and what the result will hold.</summary>
    private sealed class FitRun : IDisposable
    {
        private readonly CompletionOptions options;
        private readonly ImageData observed;
        private readonly Mask mask;
        private readonly ImageData? truth;
        private readonly IProgress<FitProgress>? progress;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Generator generator;
        private readonly ImageRepresentation representation;
        private readonly List<NamedRegularizer> regularizers;
        private readonly List<AdamOptimizer> optimizers;
        private readonly List<CosineSchedule> schedulers = new();
        private readonly double[] initialRates; // each optimiser's rate before any schedule (the refit starts again from them)
        private readonly Tensor observedTensor;
        private readonly Holdout holdout;
        private readonly FitStage fullStage;
        private readonly FitStage? coarseStage;
        private readonly int coarseSteps;
        private readonly List<FitProgress> history = new();
        private readonly OutputAverage average; // moving average of the full-grid renders (OutputAveraging)
        private double? firstFullGridLoss; // the loss at the first full-grid step and at the latest: a fit that ends above
        private double lastFullGridLoss;   // where it started on the full grid learned nothing (a far too high learning rate)
        private Tensor? best;             // output at the best held-out error so far (HoldoutFraction)
        private double bestHoldoutError = double.PositiveInfinity;
        private int bestStep = -1;
        private int stepsRun;
        private readonly int[] heldOutIndices;
        private readonly ClassicalFills? trainingFills; // the guide's fills from the training pixels (held-out pixels unseen)
        private readonly ClassicalFills? observedFills; // its inpaintings from every observed pixel, for the final blend
        private readonly bool denoising; // every pixel observed and noisy: the output replaces them all
        private readonly FitCheckpoint? checkpoint;
        private readonly string? checkpointIdentity; // the fit a checkpoint file must belong to
        private TimeSpan elapsedBeforeResume;

        public FitRun(CompletionOptions options, Device device, ImageData image, Mask mask, ImageData? truth, IProgress<FitProgress>? progress,
            bool denoising, FitCheckpoint? checkpoint)
        {
            this.options = options;
            this.denoising = denoising;
            this.checkpoint = checkpoint;
            average = new OutputAverage(options.OutputAveraging);
            this.mask = mask;
            this.truth = truth;
            this.progress = progress;
            observed = mask.Apply(image); // holes -> 0, so NaN holes cannot leak into the loss
            if (checkpoint is not null) checkpointIdentity = CheckpointFile.Identity(options, denoising, observed, mask, truth);
            int c = image.Channels, h = image.Height, w = image.Width;

            generator = new Generator((ulong)options.Seed);
            // Held-out pixels are picked first: a representation that reads the observed pixels (INR-Z) must not see them.
            holdout = Holdout.Create(mask, options.HoldoutFraction, options.Seed, options.HoldoutShape, device);
            // Built on the CPU from the seed, then moved: every device starts from the same weights.
            representation = options.Representation.Create(observed, holdout.Train, generator);
            representation.to(device);
            var context = new RegularizerContext(observed, mask, representation, generator);
            regularizers = Named(options.Regularizers.Select(r => r.Create(context)));
            foreach (var r in regularizers) r.Module.to(device);
            optimizers = CreateOptimizers();
            initialRates = optimizers.Select(o => o.LearningRate).ToArray();
            if (options.LearningRateSchedule == LearningRateSchedule.Cosine)
                foreach (var o in optimizers)
                    schedulers.Add(new CosineSchedule(o, options.Steps, o.LearningRate * options.FinalLearningRateFraction,
                        options.RestartStep, options.FullGridRestart));

            observedTensor = tensor(observed.Pixels).reshape(c, h, w).to(device);
            // The classical fills come from the pixels the data term sees, so held-out pixels stay unseen by every part.
            heldOutIndices = holdout.Indices(c);
            if (options.ClassicalGuide is { } guide)
                (trainingFills, observedFills) = ClassicalFills.ComputeForFit(observed, mask, holdout.Train, guide, heldOutIndices,
                    sideBySide: TorchRuntime.ResolveThreads(options.Threads) > 1);
            using var prior = options.ClassicalGuide is { PriorWeight: > 0 } priorGuide
                ? tensor(trainingFills!.Prior(priorGuide, observed, heldOutIndices).Pixels).reshape(c, h, w).to(device)
                : null;
            double[]? priorScales = prior is null ? null : [options.ClassicalGuide!.PriorScale(mask.MissingFraction)];
            fullStage = FitStage.Full(observedTensor, holdout.TrainMask, prior, priorScales);
            coarseSteps = options.CoarseSteps;
            coarseStage = coarseSteps > 0 ? FitStage.Coarse(observedTensor, holdout.TrainMask, options.CoarseFactor, prior, priorScales) : null;
        }

        /// <summary>Wall time of the fit, the time before a resume included.</summary>
        private TimeSpan Elapsed => elapsedBeforeResume + clock.Elapsed;

        public CompletionResult Execute(CancellationToken cancellationToken)
        {
            int start = 0;
            if (checkpoint is not null && File.Exists(checkpoint.Path))
            {
                var state = RestoreCheckpoint(checkpoint.Path);
                if (state.Finished is { } finished) return Finish(finished, save: false);
                start = state.NextStep;
            }
            for (int step = start; step < options.Steps; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                    throw new FitCancelledException(Finish(StopReason.Cancelled), cancellationToken);

                var stage = step < coarseSteps ? coarseStage! : fullStage;
                var entry = TrainStep(step, stage);
                stepsRun = step + 1;
                if (entry is not null)
                {
                    history.Add(entry);
                    progress?.Report(entry);
                }
                if (options.EarlyStoppingPatience > 0 && bestStep >= 0 && step - bestStep >= options.EarlyStoppingPatience)
                    return Finish(StopReason.EarlyStopped);
                if (checkpoint is not null && stepsRun % checkpoint.Interval == 0 && stepsRun < options.Steps) SaveCheckpoint(finished: null);
            }
            return Finish(StopReason.Completed);
        }

        /// <summary>One optimisation step inside its own dispose scope; returns a history entry on logged steps.</summary>
        private FitProgress? TrainStep(int step, FitStage stage)
        {
            using var scope = NewDisposeScope();
            foreach (var o in optimizers) o.ZeroGrad();

            var prediction = representation.Render(stage.Height, stage.Width);
            var dataLoss = stage.DataLoss(prediction);
            var loss = dataLoss;
            var regLosses = new List<(string Name, Tensor Value)>(regularizers.Count);
            if (step >= options.RegularizerStartStep)
            {
                foreach (var r in regularizers)
                {
                    var l = r.Module.Loss(prediction);
                    regLosses.Add((r.Name, l));
                    loss = loss.Plus(l);
                }
            }
            // The prior's weight changes every step: an explicit Scalar held to the end of the step, never one left to
            // the garbage collector (which may free it while native code still reads it).
            using var priorWeight = stage.PriorTarget is not null && options.ClassicalGuide!.PriorWeightAt(step, options.Steps) is > 0 and var weight
                ? weight.ToScalar() : null;
            if (priorWeight is not null) loss = loss.Plus(priorWeight * stage.PriorLoss(prediction));
            loss.backward();
            foreach (var o in optimizers) o.Step();
            foreach (var s in schedulers) s.Step();

            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue))
                throw new InvalidOperationException(
                    $"The fit diverged at step {step}: the loss is {lossValue}. Lower the learning rate or the regulariser weights.");

            bool fullGrid = ReferenceEquals(stage, fullStage);
            if (fullGrid)
            {
                firstFullGridLoss ??= lossValue;
                lastFullGridLoss = lossValue;
            }
            if (fullGrid && options.OutputAveraging > 0) average.Add(prediction);
            // Every full-grid step is judged on the held-out pixels, so the best step does not depend on LogInterval
            // (the CLI, ML.NET and the engine log at different intervals and must give the same pixels).
            if (fullGrid && holdout.Count > 0) TrackBest(step, CurrentEstimate(prediction.detach()));
            bool log = step % options.LogInterval == 0 || step == options.Steps - 1;
            if (!log) return null;

            // What the result would be now, on the full grid.
            var current = CurrentEstimate(fullGrid ? prediction.detach() : null);
            double dataValue = dataLoss.item<float>();
            var regValues = regularizers.ToDictionary(r => r.Name, _ => 0.0);
            foreach (var (name, value) in regLosses) regValues[name] = value.item<float>();
            MetricSet? metrics = truth is null ? null : Evaluate(ToImage(current), truth);
            MetricSet? rawMetrics = truth is not null && fullGrid && average.HasValue
                ? Evaluate(ToImage(prediction), truth) : null;
            return new FitProgress(step, options.Steps, lossValue, dataValue, dataValue / stage.WeightFraction,
                regValues, metrics, Elapsed, rawMetrics);
        }

        private MetricSet Evaluate(ImageData estimate, ImageData clean) =>
            denoising ? ImageMetrics.EvaluateWhole(estimate, clean) : ImageMetrics.Evaluate(estimate, clean, mask);

        /// <summary>The full-grid output the result would hold now: the moving average if on, else the render.</summary>
        private Tensor CurrentEstimate(Tensor? fullRender)
        {
            if (average.Current() is { } averaged) return averaged;
            if (fullRender is not null) return fullRender;
            using var _ = no_grad();
            return representation.Render();
        }

        private void TrackBest(int step, Tensor current)
        {
            double error = holdout.Error(current, observedTensor);
            if (error >= bestHoldoutError) return;
            bestHoldoutError = error;
            bestStep = step;
            best?.Dispose();
            best = current.detach().clone().DetachFromDisposeScope();
        }

        private CompletionResult Finish(StopReason reason, bool save = true)
        {
            // A cancelled fit resumes from here; a finished one gives this result again.
            if (save && checkpoint is not null) SaveCheckpoint(reason == StopReason.Cancelled ? null : reason);
            ImageData raw, estimate;
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                var render = representation.Render();
                raw = ToImage(render);
                estimate = best is not null ? ToImage(best) : ToImage(CurrentEstimate(render));
            }
            // The refit's network has seen the held-out pixels, so they judged the network before it (best step, blend weights).
            var refitted = reason == StopReason.Cancelled ? null : Refit();
            if (refitted is not null) raw = refitted;
            FillBlend? blend = null;
            if (options.ClassicalGuide is { Blend: true } && holdout.Count > 0)
                (estimate, blend) = BlendWithClassicalFills(estimate, refitted);
            else if (refitted is not null)
                estimate = refitted;
            // Completion keeps the observed pixels; denoising replaces them (they are the noisy ones).
            var completed = denoising ? estimate.Clone() : KeepObserved(estimate, observed, mask);

            var adjacency = new List<AdjacencySnapshot>();
            if (options.CaptureAdjacency)
                foreach (var r in regularizers)
                    if (r.Module.Adjacency() is { } a) adjacency.Add(new AdjacencySnapshot(r.Name, a.Rows, a.Columns));
            clock.Stop();
            return new CompletionResult(raw, completed, history.ToList(), adjacency, stepsRun, Elapsed, reason, options,
                bestStep >= 0 ? bestStep : null, blend)
            {
                Diverged = firstFullGridLoss is double first && stepsRun > 1 && lastFullGridLoss > first,
            };
        }

        /// <summary>
        /// The fit's tensors a checkpoint holds, by name, in a fixed order: every network's state (weights and buffers),
        /// the optimisers' moments. The best held-out output and the moving average are saved apart (they may not exist yet).
        /// </summary>
        private IEnumerable<(string Name, Tensor Value)> StateTensors()
        {
            foreach (var (name, value) in representation.state_dict()) yield return ($"representation/{name}", value);
            for (int r = 0; r < regularizers.Count; r++)
                foreach (var (name, value) in regularizers[r].Module.state_dict()) yield return ($"regularizer{r}/{name}", value);
            for (int o = 0; o < optimizers.Count; o++)
            {
                int j = 0;
                foreach (var (mean, squareMean) in optimizers[o].Moments)
                {
                    yield return ($"optimizer{o}/mean{j}", mean);
                    yield return ($"optimizer{o}/square-mean{j}", squareMean);
                    j++;
                }
            }
        }

        private void SaveCheckpoint(StopReason? finished)
        {
            var tensors = StateTensors().ToList();
            if (best is not null) tensors.Add(("best", best));
            var (sum, renders) = average.State;
            if (sum is not null) tensors.Add(("average", sum));
            var state = new CheckpointState(stepsRun, Elapsed.TotalSeconds, finished, firstFullGridLoss, lastFullGridLoss,
                bestHoldoutError, bestStep, optimizers.Select(o => o.StepCount).ToArray(), optimizers.Select(o => o.LearningRate).ToArray(),
                schedulers.Select(s => s.Epoch).ToArray(), renders, history.ToList());
            CheckpointFile.Write(checkpoint!.Path, checkpointIdentity!, state, tensors);
        }

        /// <summary>Puts the fit in the state the checkpoint at <paramref name="path"/> saved; refuses one of another fit.</summary>
        private CheckpointState RestoreCheckpoint(string path)
        {
            var (identity, state, saved) = CheckpointFile.Read(path);
            if (identity != checkpointIdentity)
                throw new FitCheckpointMismatchException(path);
            if (state.OptimizerSteps.Length != optimizers.Count || state.ScheduleEpochs.Length != schedulers.Count)
                throw new InvalidDataException($"The checkpoint {path} does not match this fit's optimisers; delete it to start the fit over.");
            Tensor Load(string name, Tensor like)
            {
                if (!saved.TryGetValue(name, out var entry) || !entry.Shape.SequenceEqual(like.shape))
                    throw new InvalidDataException($"The checkpoint {path} lacks {name} as this fit has it; delete it to start the fit over.");
                // In the caller's dispose scope (a no-op conversion may hand back the same tensor).
                return tensor(entry.Data, dtype: ScalarType.Float64).reshape(entry.Shape).to(like.dtype, like.device);
            }
            using (no_grad())
            using (NewDisposeScope())
            {
                foreach (var (name, value) in StateTensors()) value.copy_(Load(name, value));
                if (saved.ContainsKey("best")) best = Load("best", observedTensor).DetachFromDisposeScope();
                average.Restore(saved.ContainsKey("average") ? Load("average", observedTensor) : null, state.AveragedRenders);
            }
            for (int o = 0; o < optimizers.Count; o++)
            {
                optimizers[o].StepCount = state.OptimizerSteps[o];
                optimizers[o].LearningRate = state.LearningRates[o];
            }
            for (int s = 0; s < schedulers.Count; s++) schedulers[s].Epoch = state.ScheduleEpochs[s];
            firstFullGridLoss = state.FirstFullGridLoss;
            lastFullGridLoss = state.LastFullGridLoss;
            bestHoldoutError = state.BestHoldoutError;
            bestStep = state.BestStep;
            stepsRun = state.NextStep;
            history.AddRange(state.History);
            elapsedBeforeResume = TimeSpan.FromSeconds(state.ElapsedSeconds);
            return state;
        }

        private (ImageData Blended, FillBlend Blend) BlendWithClassicalFills(ImageData estimate, ImageData? holeEstimate) =>
            CompletionFitter.BlendWithClassicalFills(estimate, observed, mask, options.ClassicalGuide!, trainingFills!, observedFills!, heldOutIndices, holeEstimate);

        /// <summary>
        /// The refit (<see cref="CompletionOptions.RefitSteps"/>): more full-grid steps with every observed pixel in the data
        /// term, from the rates <see cref="CompletionOptions.RefitLearningRateFraction"/> of the initial ones along a cosine;
        /// the render they leave, or null when there is no refit (none asked for, or no pixel held out).
        /// </summary>
        private ImageData? Refit()
        {
            if (options.RefitSteps <= 0 || holdout.Count == 0) return null;
            using var everyObserved = tensor(mask.Values).reshape(1, mask.Height, mask.Width).to(observedTensor.device);
            using var stage = FitStage.Full(observedTensor, everyObserved);
            var schedules = CosineSchedule.ForRefit(optimizers, initialRates, options);
            for (int step = 0; step < options.RefitSteps; step++)
            {
                using var scope = NewDisposeScope();
                foreach (var o in optimizers) o.ZeroGrad();
                var prediction = representation.Render(stage.Height, stage.Width);
                var loss = stage.DataLoss(prediction);
                foreach (var r in regularizers) loss = loss.Plus(r.Module.Loss(prediction));
                loss.backward();
                foreach (var o in optimizers) o.Step();
                foreach (var schedule in schedules) schedule.Step();
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                    throw new InvalidOperationException(
                        $"The fit diverged at refit step {step}: the loss is {value}. Lower the learning rate or the regulariser weights.");
            }
            using (no_grad())
            using (NewDisposeScope())
                return ToImage(representation.Render());
        }

        private List<AdamOptimizer> CreateOptimizers()
        {
            // Adam with torch's defaults (betas 0.9/0.999, eps 1e-8, no weight decay), one per learning part; our own,
            // with held Scalars (see AdamOptimizer).
            var list = new List<AdamOptimizer> { new(representation.parameters(), options.Representation.LearningRate) };
            foreach (var r in regularizers)
            {
                var parameters = r.Module.parameters().ToList();
                if (parameters.Count > 0 && r.Module.LearningRate is double lr)
                    list.Add(new AdamOptimizer(parameters, lr));
            }
            return list;
        }

        public void Dispose()
        {
            foreach (var o in optimizers) o.Dispose();
            foreach (var r in regularizers) r.Module.Dispose();
            representation.Dispose();
            generator.Dispose();
            observedTensor.Dispose();
            holdout.Dispose();
            fullStage.Dispose();
            coarseStage?.Dispose();
            average.Dispose();
            best?.Dispose();
        }
    }

    /// <summary>
    /// The held-out blend: convex weights of the network estimate and the classical fills (Navier-Stokes, Telea,
    /// Frequency Selective Reconstruction, low-rank) with the least absolute error on the held-out pixels, where the fills are made from the training pixels alone, as the
    /// network saw them; then applied to the fills of the real holes, made from every observed pixel, and to
    /// <paramref name="holeEstimate"/> (the refitted network, <see cref="CompletionOptions.RefitSteps"/>) where given,
    /// else to <paramref name="estimate"/>.
    /// </summary>
    internal static (ImageData Blended, FillBlend Blend) BlendWithClassicalFills(ImageData estimate, ImageData observed, Mask mask,
        ClassicalGuideOptions guide, ClassicalFills trainingFills, ClassicalFills observedFills, int[] heldOutIndices, ImageData? holeEstimate = null)
    {
        float[] At(ImageData image) => heldOutIndices.Select(i => image.Pixels[i]).ToArray();
        var predictions = trainingFills.Candidates.Prepend(estimate).Select(At).ToList();
        var truthValues = At(observed);
        int strata = guide.BlendStrata;
        var full = observedFills.ForBlend(observed, mask, guide, trainingFills);
        var fills = full.Candidates.Prepend(holeEstimate ?? estimate).Select(f => f.Pixels).ToList();
        var all = Enumerable.Range(0, truthValues.Length).ToArray();
        var single = FillBlend.ConvexLeastAbsoluteByStratum(predictions, truthValues, all, null, 1)[0];
        int[]? heldOutStratum = null, pixelStratum = null;
        if (strata > 1)
        {
            // Activity groups (BlendStrata), judged on the picture one set of weights would give: held-out pixels in the blend
            // of the fills from the training pixels, hole pixels in that of the fills from every observed pixel (a diffusion
            // fill alone would call the middle of a large hole flat whatever it hides). The thresholds split the held-out
            // pixels evenly.
            ImageData Picture(float[] pixels) => new(observed.Channels, observed.Height, observed.Width, pixels);
            var trainingBlend = Combine(trainingFills.Candidates.Prepend(estimate).Select(f => f.Pixels).ToList(), [single], null);
            var heldOutActivity = At(Picture(FillBlend.LocalActivity(Picture(trainingBlend))));
            var thresholds = FillBlend.StratumThresholds(heldOutActivity, strata);
            heldOutStratum = heldOutActivity.Select(a => FillBlend.StratumOf(a, thresholds)).ToArray();
            pixelStratum = FillBlend.LocalActivity(Picture(Combine(fills, [single], null)))
                .Select(a => FillBlend.StratumOf(a, thresholds)).ToArray();
        }

        // Is the blend really better than the best classical fill alone? Judged on held-out pixels it was not fitted on.
        int bestClassical = Enumerable.Range(1, predictions.Count - 1)
            .MinBy(k => FillBlend.AbsoluteError(predictions, truthValues, OneHot(predictions.Count, k)));
        int plane = mask.Height * mask.Width, tilesPerRow = (mask.Width + FillBlend.CrossCheckTile - 1) / FillBlend.CrossCheckTile;
        var tile = heldOutIndices.Select(i => (i % plane / mask.Width / FillBlend.CrossCheckTile) * tilesPerRow + i % plane % mask.Width / FillBlend.CrossCheckTile).ToArray();
        var fold = tile.Select(t => (t / tilesPerRow + t % tilesPerRow) % 2).ToArray();
        var (gain, gainError) = FillBlend.CrossCheckedGainOver(predictions, truthValues, bestClassical, fold, tile);
        if (strata > 1)
        {
            // The groups' weights only where they predict held-out pixels they were not fitted on better than one set does:
            // each group fits its weights on 1 / BlendStrata of the pixels one set has, and on a photo's thin holes that noise
            // can cost more than the groups gain.
            var (groupedGain, groupedError) = FillBlend.CrossCheckedGainOver(predictions, truthValues, bestClassical, fold, tile, heldOutStratum, strata);
            if (groupedGain > gain) (gain, gainError) = (groupedGain, groupedError);
            else (strata, heldOutStratum, pixelStratum) = (1, null, null);
        }
        double[][] w = strata > 1 ? FillBlend.ConvexLeastAbsoluteByStratum(predictions, truthValues, all, heldOutStratum, strata) : [single];
        bool gated = !(gain > guide.BlendConfidence * gainError) && guide.BlendConfidence > 0;
        if (gated) w = Enumerable.Repeat(OneHot(predictions.Count, bestClassical), w.Length).ToArray();

        var pixels = Combine(fills, w, pixelStratum);
        var holeShare = new double[fills.Count]; // each fill's weight, averaged over the hole pixels
        int holes = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            if (mask.Values[i % plane] == 1f) continue;
            holes++;
            var weights = w[pixelStratum?[i] ?? 0];
            for (int k = 0; k < fills.Count; k++) holeShare[k] += weights[k];
        }
        var heldOutBlend = Combine(predictions, w, heldOutStratum);
        double heldOutMse = all.Length == 0 ? 0 : all.Average(i => (heldOutBlend[i] - (double)truthValues[i]) * (heldOutBlend[i] - (double)truthValues[i]));
        var (network, navierStokes, telea, frequencySelective, lowRank) = full.Spread(holeShare.Select(x => holes == 0 ? 0 : x / holes).ToList());
        var blend = new FillBlend(network, navierStokes, telea, frequencySelective, lowRank, full.LowRankRank, heldOutMse,
            gain, gainError, gated, strata);
        return (new ImageData(estimate.Channels, estimate.Height, estimate.Width, pixels), blend);
    }

    /// <summary>
    /// <paramref name="values"/> blended value by value, each with the weights of its <paramref name="stratum"/> (all with
    /// <paramref name="weights"/>[0] when null).
    /// </summary>
    private static float[] Combine(IReadOnlyList<float[]> values, double[][] weights, int[]? stratum)
    {
        var blended = new float[values[0].Length];
        for (int i = 0; i < blended.Length; i++)
        {
            var w = weights[stratum?[i] ?? 0];
            double v = 0;
            for (int k = 0; k < values.Count; k++) v += w[k] * values[k][i];
            blended[i] = (float)v;
        }
        return blended;
    }

    private static double[] OneHot(int length, int index)
    {
        var weights = new double[length];
        weights[index] = 1;
        return weights;
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

    /// <summary>A regulariser with the name it has in this fit: "tv", "tv-2", ... when one kind appears twice.</summary>
    private sealed record NamedRegularizer(string Name, Regularizer Module);

    private static List<NamedRegularizer> Named(IEnumerable<Regularizer> regularizers)
    {
        var seen = new Dictionary<string, int>();
        var result = new List<NamedRegularizer>();
        foreach (var r in regularizers)
        {
            int n = seen[r.Name] = seen.GetValueOrDefault(r.Name) + 1;
            result.Add(new NamedRegularizer(n == 1 ? r.Name : $"{r.Name}-{n}", r));
        }
        return result;
    }

    /// <summary>The estimate with the observed pixels of <paramref name="observed"/> put back where <paramref name="mask"/> is 1.</summary>
    internal static ImageData KeepObserved(ImageData estimate, ImageData observed, Mask mask)
    {
        var completed = estimate.Clone();
        int plane = mask.Values.Length;
        for (int ch = 0; ch < completed.Channels; ch++)
            for (int i = 0; i < plane; i++)
                if (mask.Values[i] == 1f) completed.Pixels[ch * plane + i] = observed.Pixels[ch * plane + i];
        return completed;
    }

    /// <summary>A [C, H, W] tensor (any device, any float type) as an image.</summary>
    internal static ImageData ToImage(Tensor image)
    {
        using var cpu = image.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return new ImageData((int)cpu.shape[0], (int)cpu.shape[1], (int)cpu.shape[2], cpu.data<float>().ToArray());
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
