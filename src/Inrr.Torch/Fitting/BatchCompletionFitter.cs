using System.Diagnostics;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Inrr.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>One picture of a batched fit: the observed image, its mask and, if known, the clean image.</summary>
public sealed record BatchPicture(ImageData Image, Mask Mask, ImageData? Truth = null);

/// <summary>A logged step of one picture of a batched fit.</summary>
/// <param name="Picture">The picture's index in the batch.</param>
/// <param name="Progress">Its step, as a single fit reports it.</param>
public sealed record BatchFitProgress(int Picture, FitProgress Progress);

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
        if (options.Method != CompletionMethod.Network) return $"{options.Method} is a classical method: no network to batch";
        if (options.Representation is not SirenOptions) return $"batched fits take SIREN, not {options.Representation.Describe()}";
        if (options.Regularizers.Count > 1 || options.Regularizers.Any(r => r is not InrrOptions))
            return "batched fits take one INRR regulariser or none";
        if (options.EarlyStoppingPatience > 0 && options.RefitSteps > 0 && options.HoldoutFraction > 0)
            return "early stopping with refit steps: early stopping ends each picture at its own step, a batch refits them all at its end (set RefitSteps = 0 to batch without the refit)";
        return null;
    }

    /// <summary>Completes every picture of <paramref name="pictures"/> (all of one size and channel count) together.</summary>
    /// <param name="pictures">The pictures, each with its mask and optional truth.</param>
    /// <param name="progress">Receives every logged step of every picture.</param>
    /// <param name="cancellationToken">Cancels the whole batch (an <see cref="OperationCanceledException"/>).</param>
    /// <returns>One result per picture, in order: what a separate fit of that picture returns.</returns>
    public IReadOnlyList<CompletionResult> Fit(IReadOnlyList<BatchPicture> pictures, IProgress<BatchFitProgress>? progress = null,
        CancellationToken cancellationToken = default)
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
        using var run = new BatchRun(Options.ForSize(first.Height, first.Width), device, pictures, progress);
        return run.Execute(cancellationToken);
    }

    /// <summary>B pictures need B times one picture's networks and images (the runtime once).</summary>
    private void EnsureBatchFits(int count, int channels, int height, int width)
    {
        var one = FitEstimate.For(Options, channels, height, width);
        long perPicture = one.PeakBytes - FitEstimate.FixedBytes;
        long limit = Options.MemoryLimitBytes > 0 ? Options.MemoryLimitBytes : FitEstimate.AvailableMemoryBytes();
        long peak = FitEstimate.FixedBytes + count * perPicture;
        if (peak <= limit) return;
        long fits = Math.Max(0, (limit - FitEstimate.FixedBytes) / Math.Max(1, perPicture));
        throw new ArgumentException(
            $"{count} pictures of {height}x{width} need about {FitEstimate.Format(peak)} together, more than the {FitEstimate.Format(limit)} available: " +
            $"fit at most {fits} at once.", nameof(Options.MemoryLimitBytes));
    }

    /// <summary>The batched state: one network, B pictures' targets, held-out pixels, guides and results.</summary>
    private sealed class BatchRun : IDisposable
    {
        private readonly CompletionOptions options;
        private readonly IReadOnlyList<BatchPicture> pictures;
        private readonly IProgress<BatchFitProgress>? progress;
        private readonly int count, channels, height, width;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly BatchedSiren network;
        private readonly BatchedSiren? rowPsi, columnPsi; // INRR's tiny INRs, batched
        private readonly Scalar? rowWeight, columnWeight;
        private readonly List<AdamOptimizer> optimizers = new();
        private readonly List<CosineSchedule> schedulers = new();
        private readonly double[] initialRates; // each optimiser's rate before any schedule (the refit starts again from them)
        private readonly ImageData[] observed;
        private readonly Holdout[] holdouts;
        private readonly int[][] heldOutIndices;
        private readonly ClassicalFills?[] trainingFills;
        private readonly ClassicalFills?[] observedFills; // the guide's inpaintings from every observed pixel, for the final blend
        private readonly Tensor observedTensor;  // [B, C, H, W]
        private readonly Tensor heldOut;         // [B, 1, H, W]
        private readonly FitStage fullStage;
        private readonly FitStage? coarseStage;
        private readonly Dictionary<(int, int), Tensor> grids = new();
        private readonly List<FitProgress>[] histories;
        private readonly double[] bestError, firstLoss, lastLoss;
        private readonly int[] bestStep, stepsRun;
        private readonly Tensor?[] best;
        private readonly CompletionResult?[] results;
        private readonly OutputAverage average;

        public BatchRun(CompletionOptions options, Device device, IReadOnlyList<BatchPicture> pictures, IProgress<BatchFitProgress>? progress)
        {
            this.options = options;
            this.pictures = pictures;
            this.progress = progress;
            average = new OutputAverage(options.OutputAveraging);
            count = pictures.Count;
            (channels, height, width) = (pictures[0].Image.Channels, pictures[0].Image.Height, pictures[0].Image.Width);
            observed = pictures.Select(p => p.Mask.Apply(p.Image)).ToArray();
            holdouts = new Holdout[count];
            var sirens = new List<Siren>();
            var inrrs = new List<InrrRegularizer>();
            var representations = new List<ImageRepresentation>();
            try
            {
                for (int b = 0; b < count; b++)
                {
                    // Exactly a single fit's sequence (CompletionFitter.FitRun): held-out pixels, then the network, then
                    // the regulariser, from a generator of the fit's seed: picture b starts where its own fit starts.
                    using var generator = new Generator((ulong)options.Seed);
                    holdouts[b] = Holdout.Create(pictures[b].Mask, options.HoldoutFraction, options.Seed, options.HoldoutShape, device);
                    var representation = options.Representation.Create(observed[b], holdouts[b].Train, generator);
                    representations.Add(representation);
                    sirens.Add((Siren)((CoordinateRepresentation)representation).Network);
                    if (options.Regularizers.Count == 1)
                        inrrs.Add((InrrRegularizer)options.Regularizers[0].Create(new RegularizerContext(observed[b], pictures[b].Mask, representation, generator)));
                }
                network = BatchedSiren.Stack(sirens);
                network.to(device);
                optimizers.Add(new AdamOptimizer(network.parameters(), options.Representation.LearningRate));
                if (inrrs.Count > 0)
                {
                    rowPsi = BatchedSiren.Stack(inrrs.Select(r => r.Parts.Rows.Psi).ToList());
                    columnPsi = BatchedSiren.Stack(inrrs.Select(r => r.Parts.Columns.Psi).ToList());
                    rowPsi.to(device);
                    columnPsi.to(device);
                    rowWeight = inrrs[0].Parts.RowWeight.ToDouble().ToScalar();
                    columnWeight = inrrs[0].Parts.ColumnWeight.ToDouble().ToScalar();
                    // One optimiser for both tiny INRs, as a single fit has one for the regulariser's parameters.
                    optimizers.Add(new AdamOptimizer(rowPsi.parameters().Concat(columnPsi.parameters()), inrrs[0].LearningRate!.Value));
                }
            }
            finally
            {
                foreach (var r in inrrs) r.Dispose();
                foreach (var r in representations) r.Dispose();
            }
            initialRates = optimizers.Select(o => o.LearningRate).ToArray();
            if (options.LearningRateSchedule == LearningRateSchedule.Cosine)
                foreach (var o in optimizers)
                    schedulers.Add(new CosineSchedule(o, options.Steps, o.LearningRate * options.FinalLearningRateFraction,
                        options.RestartStep, options.FullGridRestart));

            heldOutIndices = holdouts.Select(h => h.Indices(channels)).ToArray();
            trainingFills = new ClassicalFills?[count];
            observedFills = new ClassicalFills?[count];
            var priors = new Tensor?[count];
            for (int b = 0; b < count; b++)
            {
                if (options.ClassicalGuide is not { } guide) continue;
                (trainingFills[b], observedFills[b]) = ClassicalFills.ComputeForFit(observed[b], pictures[b].Mask, holdouts[b].Train, guide,
                    heldOutIndices[b], sideBySide: TorchRuntime.ResolveThreads(options.Threads) > 1);
                if (guide.PriorWeight > 0)
                    priors[b] = tensor(trainingFills[b]!.Prior(guide, observed[b], heldOutIndices[b]).Pixels).reshape(channels, height, width);
            }
            var planes = observed.Select(o => tensor(o.Pixels).reshape(channels, height, width)).ToArray();
            observedTensor = stack(planes).to(device);
            foreach (var plane in planes) plane.Dispose();
            heldOut = stack(holdouts.Select(h => h.HeldOut).ToArray());
            using var trainMask = stack(holdouts.Select(h => h.TrainMask).ToArray());
            using var prior = options.ClassicalGuide is { PriorWeight: > 0 } ? stack(priors.Select(p => p!).ToArray()).to(device) : null;
            foreach (var p in priors) p?.Dispose();
            double[]? priorScales = prior is null ? null : pictures.Select(p => options.ClassicalGuide!.PriorScale(p.Mask.MissingFraction)).ToArray();
            fullStage = FitStage.Full(observedTensor, trainMask, prior, priorScales);
            coarseStage = options.CoarseSteps > 0 ? FitStage.Coarse(observedTensor, trainMask, options.CoarseFactor, prior, priorScales) : null;

            histories = Enumerable.Range(0, count).Select(_ => new List<FitProgress>()).ToArray();
            bestError = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
            bestStep = Enumerable.Repeat(-1, count).ToArray();
            stepsRun = new int[count];
            firstLoss = Enumerable.Repeat(double.NaN, count).ToArray();
            lastLoss = new double[count];
            best = new Tensor?[count];
            results = new CompletionResult?[count];
        }

        public IReadOnlyList<CompletionResult> Execute(CancellationToken cancellationToken)
        {
            for (int step = 0; step < options.Steps && results.Any(r => r is null); step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stage = step < options.CoarseSteps ? coarseStage! : fullStage;
                TrainStep(step, stage);
                var stopping = new List<int>();
                for (int b = 0; b < count; b++)
                {
                    if (results[b] is not null) continue;
                    stepsRun[b] = step + 1;
                    if (options.EarlyStoppingPatience > 0 && bestStep[b] >= 0 && step - bestStep[b] >= options.EarlyStoppingPatience)
                        stopping.Add(b);
                }
                if (stopping.Count > 0) Finish(stopping, StopReason.EarlyStopped);
            }
            Finish(Enumerable.Range(0, count).Where(b => results[b] is null).ToList(), StopReason.Completed);
            return results.Select(r => r!).ToList();
        }

        /// <summary>[B, C, h, w]: every network on an h x w grid of the picture's extent.</summary>
        private Tensor Render(int h, int w)
        {
            if (!grids.TryGetValue((h, w), out var grid))
                grids[(h, w)] = grid = CoordinateRepresentation.PixelGrid(h, w, height, width).to(observedTensor.device).DetachFromDisposeScope();
            return network.forward(grid.unsqueeze(0).expand(count, -1, -1)) // [B, h*w, C]
                .transpose(1, 2)
                .reshape(count, channels, h, w);
        }

        /// <summary>S = softmax(psi(t)) of every picture: [B, samples, r], t sampled as <see cref="AdjacencyInr"/> samples it.</summary>
        private Tensor Factor(BatchedSiren psi, int samples, int full)
        {
            var t = samples == full ? linspace(-1, 1, full) : CoordinateRepresentation.AxisCoordinates(samples, full);
            var input = t.to(observedTensor.device).unsqueeze(1).unsqueeze(0).expand(count, -1, -1);
            return nn.functional.softmax(psi.forward(input), dim: 2);
        }

        /// <summary>Each picture's Dirichlet energy from its factor (DirichletEnergy.FromFactor, batched): x [B, k, d], s [B, k, r] -> [B].</summary>
        private static Tensor Energy(Tensor x, Tensor s)
        {
            var columnSums = s.sum(dim: 1).unsqueeze(2);             // [B, r, 1]
            var degree = s.bmm(columnSums).squeeze(2);              // [B, k]
            var rowNorms = x.Squared().sum(dim: 2);                  // [B, k]
            return (degree * rowNorms).sum(dim: 1) - s.transpose(1, 2).bmm(x).Squared().sum([1L, 2L]);
        }

        /// <summary>INRR of every picture, [B]: eta_r tr(X^T L_r X) + eta_c tr(X L_c X^T).</summary>
        private Tensor Inrr(Tensor images)
        {
            long h = images.shape[2], w = images.shape[3];
            var rowsOf = images.permute(0, 2, 1, 3).reshape(count, h, -1);
            var columnsOf = images.permute(0, 3, 1, 2).reshape(count, w, -1);
            return (rowWeight! * Energy(rowsOf, Factor(rowPsi!, (int)h, height)))
                .Plus(columnWeight! * Energy(columnsOf, Factor(columnPsi!, (int)w, width)));
        }

        private void TrainStep(int step, FitStage stage)
        {
            using var scope = NewDisposeScope();
            foreach (var o in optimizers) o.ZeroGrad();
            var prediction = Render(stage.Height, stage.Width);
            var dataLoss = stage.DataLoss(prediction);                 // [B]
            var perPicture = dataLoss;
            Tensor? inrr = null;
            if (rowPsi is not null && step >= options.RegularizerStartStep)
            {
                inrr = Inrr(prediction);
                perPicture = perPicture.Plus(inrr);
            }
            using var priorWeight = stage.PriorTarget is not null && options.ClassicalGuide!.PriorWeightAt(step, options.Steps) is > 0 and var weight
                ? weight.ToScalar() : null;
            if (priorWeight is not null) perPicture = perPicture.Plus(priorWeight * stage.PriorLoss(prediction));
            // Each picture's loss depends on its own weights only: the sum's gradient is every picture's own gradient.
            perPicture.sum().backward();
            foreach (var o in optimizers) o.Step();
            foreach (var s in schedulers) s.Step();

            var losses = Values(perPicture);
            for (int b = 0; b < count; b++)
                if (results[b] is null && !double.IsFinite(losses[b]))
                    throw new InvalidOperationException(
                        $"The fit of picture {b} diverged at step {step}: the loss is {losses[b]}. Lower the learning rate or the regulariser weights.");
            bool fullGrid = ReferenceEquals(stage, fullStage);
            if (fullGrid)
                for (int b = 0; b < count; b++)
                {
                    if (double.IsNaN(firstLoss[b])) firstLoss[b] = losses[b];
                    lastLoss[b] = losses[b];
                }
            if (fullGrid && options.OutputAveraging > 0) average.Add(prediction);
            if (fullGrid && holdouts[0].Count > 0) TrackBest(step, CurrentEstimate(prediction.detach()));
            bool log = step % options.LogInterval == 0 || step == options.Steps - 1;
            if (!log) return;

            var current = CurrentEstimate(fullGrid ? prediction.detach() : null);
            var data = Values(dataLoss);
            var inrrValues = inrr is null ? new double[count] : Values(inrr);
            for (int b = 0; b < count; b++)
            {
                if (results[b] is not null) continue;
                var truth = pictures[b].Truth;
                MetricSet? metrics = truth is null ? null : ImageMetrics.Evaluate(CompletionFitter.ToImage(current[b]), truth, pictures[b].Mask);
                MetricSet? raw = truth is not null && fullGrid && average.HasValue
                    ? ImageMetrics.Evaluate(CompletionFitter.ToImage(prediction[b]), truth, pictures[b].Mask) : null;
                var regularizers = rowPsi is null ? new Dictionary<string, double>() : new Dictionary<string, double> { ["inrr"] = inrrValues[b] };
                var entry = new FitProgress(step, options.Steps, losses[b], data[b], data[b] / stage.WeightFractions[b], regularizers, metrics, clock.Elapsed, raw);
                histories[b].Add(entry);
                progress?.Report(new BatchFitProgress(b, entry));
            }
        }

        private Tensor CurrentEstimate(Tensor? fullRender)
        {
            if (average.Current() is { } averaged) return averaged;
            if (fullRender is not null) return fullRender;
            using var _ = no_grad();
            return Render(height, width);
        }

        private void TrackBest(int step, Tensor current)
        {
            var errors = Values(((current - observedTensor).Squared() * heldOut).sum([1L, 2L, 3L]));
            for (int b = 0; b < count; b++)
            {
                if (results[b] is not null) continue;
                double error = errors[b] / ((double)holdouts[b].Count * channels);
                if (!(error < bestError[b])) continue;
                bestError[b] = error;
                bestStep[b] = step;
                best[b]?.Dispose();
                best[b] = current[b].detach().clone().DetachFromDisposeScope();
            }
        }

        /// <summary>
        /// The refit of every picture (<see cref="CompletionOptions.RefitSteps"/>, as <see cref="CompletionFitter"/> does it),
        /// batched: [B, C, H, W] renders after it, or null when there is none. Only at the end of the batch: early stopping
        /// with a refit is fitted one picture at a time (<see cref="Unsupported"/>).
        /// </summary>
        private Tensor? Refit()
        {
            if (options.RefitSteps <= 0 || holdouts.All(h => h.Count == 0)) return null;
            using var everyObserved = stack(pictures.Select(p => tensor(p.Mask.Values).reshape(1, height, width)).ToArray()).to(observedTensor.device);
            using var stage = FitStage.Full(observedTensor, everyObserved);
            var schedules = CosineSchedule.ForRefit(optimizers, initialRates, options);
            for (int step = 0; step < options.RefitSteps; step++)
            {
                using var scope = NewDisposeScope();
                foreach (var o in optimizers) o.ZeroGrad();
                var prediction = Render(stage.Height, stage.Width);
                var perPicture = stage.DataLoss(prediction);
                if (rowPsi is not null) perPicture = perPicture.Plus(Inrr(prediction));
                perPicture.sum().backward();
                foreach (var o in optimizers) o.Step();
                foreach (var schedule in schedules) schedule.Step();
                var losses = Values(perPicture);
                for (int b = 0; b < count; b++)
                    if (!double.IsFinite(losses[b]))
                        throw new InvalidOperationException(
                            $"The fit of picture {b} diverged at refit step {step}: the loss is {losses[b]}. Lower the learning rate or the regulariser weights.");
            }
            using (no_grad())
                return Render(height, width);
        }

        private void Finish(IReadOnlyList<int> finishing, StopReason reason)
        {
            if (finishing.Count == 0) return;
            using var refitted = reason == StopReason.Completed ? Refit() : null;
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                var render = Render(height, width);
                var estimate = CurrentEstimate(render);
                Tensor? rowFactor = null, columnFactor = null;
                if (options.CaptureAdjacency && rowPsi is not null)
                {
                    rowFactor = Factor(rowPsi, height, height);
                    columnFactor = Factor(columnPsi!, width, width);
                }
                foreach (int b in finishing)
                {
                    var chosen = best[b] is { } kept ? CompletionFitter.ToImage(kept) : CompletionFitter.ToImage(estimate[b]);
                    // As a single fit: the refitted network fills the holes; the held-out pixels judged the one before it.
                    var refit = refitted is not null && holdouts[b].Count > 0 ? CompletionFitter.ToImage(refitted[b]) : null;
                    var raw = refit ?? CompletionFitter.ToImage(render[b]);
                    FillBlend? blend = null;
                    if (options.ClassicalGuide is { Blend: true } guide && holdouts[b].Count > 0)
                        (chosen, blend) = CompletionFitter.BlendWithClassicalFills(chosen, observed[b], pictures[b].Mask, guide, trainingFills[b]!, observedFills[b]!, heldOutIndices[b], refit);
                    else if (refit is not null)
                        chosen = refit;
                    var completed = CompletionFitter.KeepObserved(chosen, observed[b], pictures[b].Mask);
                    var adjacency = new List<AdjacencySnapshot>();
                    if (rowFactor is not null)
                        adjacency.Add(new AdjacencySnapshot("inrr",
                            TensorReadback.ToMatrix(DirichletEnergy.AdjacencyFromFactor(rowFactor[b])),
                            TensorReadback.ToMatrix(DirichletEnergy.AdjacencyFromFactor(columnFactor![b]))));
                    results[b] = new CompletionResult(raw, completed, histories[b].ToList(), adjacency, stepsRun[b], clock.Elapsed, reason, options,
                        bestStep[b] >= 0 ? bestStep[b] : null, blend)
                    {
                        Diverged = !double.IsNaN(firstLoss[b]) && stepsRun[b] > 1 && lastLoss[b] > firstLoss[b],
                    };
                }
            }
        }

        private static double[] Values(Tensor perPicture)
        {
            using var cpu = perPicture.detach().cpu().to_type(ScalarType.Float64);
            return cpu.data<double>().ToArray();
        }

        public void Dispose()
        {
            foreach (var o in optimizers) o.Dispose();
            network.Dispose();
            rowPsi?.Dispose();
            columnPsi?.Dispose();
            rowWeight?.Dispose();
            columnWeight?.Dispose();
            foreach (var h in holdouts) h?.Dispose();
            observedTensor.Dispose();
            heldOut.Dispose();
            fullStage.Dispose();
            coarseStage?.Dispose();
            foreach (var g in grids.Values) g.Dispose();
            average.Dispose();
            foreach (var t in best) t?.Dispose();
        }
    }
}
