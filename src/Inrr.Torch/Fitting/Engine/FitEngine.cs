using System.Diagnostics;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// The one fit loop, over a batch of B pictures of one size (a single fit is a batch of one): held-out pixels, the
/// classical guide's fills and prior, the coarse and full-grid stages, every step's loss and best held-out step, early
/// stopping, cancellation (a partial result for every picture), checkpoints, the refit and the finish (blend, observed
/// pixels kept). Each picture's loss depends on its own weights alone, so every picture gets what a fit of it alone
/// gives; what a batch changes is the cost.
/// </summary>
internal sealed class FitEngine : IDisposable
{
    private readonly CompletionOptions options;
    private readonly IReadOnlyList<BatchPicture> pictures;
    private readonly Action<int, FitProgress>? report;
    private readonly bool denoising; // every pixel observed and noisy: the output replaces them all
    private readonly FitCheckpoint? checkpoint;
    private readonly string? checkpointIdentity; // the fit a checkpoint file must belong to
    private readonly int count, channels, height, width;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan elapsedBeforeResume;
    private readonly FitModel model;
    private readonly bool batched; // the model's layout: [B, C, H, W] tensors, or [C, H, W] for its one picture (FitModel)
    private readonly List<AdamOptimizer> optimizers;
    private readonly List<CosineSchedule> schedulers = new();
    private readonly double[] initialRates; // each optimiser's rate before any schedule (the refit starts again from them)
    private readonly ImageData[] observed;
    private readonly Holdout[] holdouts;
    private readonly int[][] heldOutIndices;
    private readonly ClassicalFills?[] trainingFills; // the guide's fills from the training pixels (held-out pixels unseen)
    private readonly ClassicalFills?[] observedFills; // its inpaintings from every observed pixel, for the final blend
    private readonly Tensor observedTensor; // [B, C, H, W]
    private readonly Tensor heldOut;        // [B, 1, H, W]
    private readonly FitStage fullStage;
    private readonly FitStage? coarseStage;
    private readonly OutputAverage average; // moving average of the full-grid renders (OutputAveraging)
    private readonly List<FitProgress>[] histories;
    // The loss at the first full-grid step and at the latest: a fit that ends above where it started on the full grid
    // learned nothing (a far too high learning rate).
    private readonly double?[] firstFullGridLoss;
    private readonly double[] lastFullGridLoss;
    private readonly double[] bestHoldoutError;
    private readonly int[] bestStep, stepsRun;
    private readonly Tensor?[] best; // each picture's output at its best held-out error so far (HoldoutFraction)
    private readonly CompletionResult?[] results;
    private static int _running; // fits alive in this process: the heap is trimmed only when the last one ends
    private readonly double networkCutoff;

    /// <summary>
    /// Sets a fit up: held-out pixels first (a representation that reads the observed pixels, INR-Z, must not see
    /// them), then the networks (<paramref name="createModel"/>, from the pictures as observed, their masks and training
    /// masks), the optimisers, the classical fills and the stages.
    /// </summary>
    /// <param name="options">The effective options (<see cref="CompletionOptions.ForSize"/> already applied).</param>
    /// <param name="device">Where the networks and tensors live.</param>
    /// <param name="pictures">B pictures of one size and channel count, validated.</param>
    /// <param name="createModel">Builds the networks of the pictures.</param>
    /// <param name="report">Receives each picture's logged steps (picture index, entry).</param>
    /// <param name="denoising">Every pixel observed with noise: the output replaces them, metrics are whole-image ones.</param>
    /// <param name="checkpoint">Where a fit of one picture saves its state and resumes from; null: none.</param>
    /// <param name="cancellationToken">Cancels the set-up (the classical fills); <see cref="Execute"/> takes the fit's own.</param>
    /// <exception cref="OperationCanceledException">Cancelled during the set-up: nothing is left allocated.</exception>
    /// <param name="networkCutoff">When positive: after the coarse steps, a picture whose network predicts its held-out
    /// pixels worse than this many times the best classical fill stops there (<see cref="StopReason.GaveWayToFills"/>; the
    /// windows of a large picture, <see cref="WindowOptions.NetworkCutoff"/>).</param>
    public FitEngine(CompletionOptions options, Device device, IReadOnlyList<BatchPicture> pictures,
        Func<ImageData[], Mask[], Mask[], FitModel> createModel, Action<int, FitProgress>? report, bool denoising, FitCheckpoint? checkpoint,
        CancellationToken cancellationToken = default, double networkCutoff = 0)
    {
        this.networkCutoff = networkCutoff;
        if (checkpoint is not null && pictures.Count != 1)
            throw new ArgumentException("Checkpoints are kept for fits of one picture.", nameof(checkpoint));
        this.options = options;
        this.pictures = pictures;
        this.report = report;
        this.denoising = denoising;
        this.checkpoint = checkpoint;
        count = pictures.Count;
        (channels, height, width) = (pictures[0].Image.Channels, pictures[0].Image.Height, pictures[0].Image.Width);
        average = new OutputAverage(options.OutputAveraging);
        observed = pictures.Select(p => p.Mask.Apply(p.Image)).ToArray(); // holes -> 0, so NaN holes cannot leak into the loss
        if (checkpoint is not null)
            checkpointIdentity = CheckpointFile.Identity(options, denoising, observed[0], pictures[0].Mask, pictures[0].Truth);

        holdouts = pictures.Select(p => Holdout.Create(p.Mask, options.HoldoutFraction, options.Seed, options.HoldoutShape, device)).ToArray();
        // The classical fills come from the pixels the data term sees, so held-out pixels stay unseen by every part. They
        // come first, before any network exists: they are the seconds a cancellation may arrive in before the first step.
        heldOutIndices = holdouts.Select(h => h.Indices(channels)).ToArray();
        trainingFills = new ClassicalFills?[count];
        observedFills = new ClassicalFills?[count];
        try
        {
            for (int b = 0; b < count; b++)
            {
                if (options.ClassicalGuide is not { } guide) continue;
                (trainingFills[b], observedFills[b]) = ClassicalFills.ComputeForFit(observed[b], pictures[b].Mask, holdouts[b].Train, guide,
                    heldOutIndices[b], sideBySide: TorchRuntime.ResolveThreads(options.Threads) > 1, cancellationToken);
            }
        }
        catch
        {
            foreach (var h in holdouts) h.Dispose();
            throw;
        }
        model = createModel(observed, pictures.Select(p => p.Mask).ToArray(), holdouts.Select(h => h.Train).ToArray());
        batched = model.IsBatched;
        optimizers = model.ParameterGroups().Select(g => new AdamOptimizer(g.Parameters, g.LearningRate)).ToList();
        initialRates = optimizers.Select(o => o.LearningRate).ToArray();
        if (options.LearningRateSchedule == LearningRateSchedule.Cosine)
            foreach (var o in optimizers)
                schedulers.Add(new CosineSchedule(o, options.Steps, o.LearningRate * options.FinalLearningRateFraction,
                    options.RestartStep, options.FullGridRestart));

        observedTensor = BatchOn(device, () => observed.Select(o => tensor(o.Pixels).reshape(channels, height, width)).ToArray());
        heldOut = Batch(holdouts.Select(h => h.HeldOut).ToArray());
        var priors = new Tensor?[count];
        try
        {
            for (int b = 0; b < count; b++)
            {
                if (options.ClassicalGuide is not { } guide) continue;
                if (guide.PriorWeight > 0)
                    priors[b] = tensor(trainingFills[b]!.Prior(guide, observed[b], heldOutIndices[b]).Pixels).reshape(channels, height, width);
            }
            using var trainMask = Batch(holdouts.Select(h => h.TrainMask).ToArray());
            using var prior = options.ClassicalGuide is { PriorWeight: > 0 } ? BatchOn(device, () => priors.Select(p => p!.alias()).ToArray()) : null;
            double[]? priorScales = prior is null ? null : pictures.Select(p => options.ClassicalGuide!.PriorScale(p.Mask.MissingFraction)).ToArray();
            // Outside any dispose scope: the stages keep aliases of what they use.
            fullStage = FitStage.Full(observedTensor, trainMask, prior, priorScales);
            coarseStage = options.CoarseSteps > 0 ? FitStage.Coarse(observedTensor, trainMask, options.CoarseFactor, prior, priorScales) : null;
        }
        finally
        {
            foreach (var p in priors) p?.Dispose();
        }

        histories = Enumerable.Range(0, count).Select(_ => new List<FitProgress>()).ToArray();
        firstFullGridLoss = new double?[count];
        lastFullGridLoss = new double[count];
        bestHoldoutError = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
        bestStep = Enumerable.Repeat(-1, count).ToArray();
        stepsRun = new int[count];
        best = new Tensor?[count];
        results = new CompletionResult?[count];
        Interlocked.Increment(ref _running); // last: a fit that failed to start is not counted (nor disposed)
    }

    /// <summary>Wall time of the fit, the time before a resume included.</summary>
    private TimeSpan Elapsed => elapsedBeforeResume + clock.Elapsed;

    private IEnumerable<int> Running => Enumerable.Range(0, count).Where(b => results[b] is null);

    /// <summary>Runs the fit to its end: one result per picture, in order.</summary>
    /// <exception cref="FitCancelledException">Cancelled: it carries every picture's result so far.</exception>
    public IReadOnlyList<CompletionResult> Execute(CancellationToken cancellationToken)
    {
        int start = 0;
        if (checkpoint is not null && File.Exists(checkpoint.Path))
        {
            var state = RestoreCheckpoint(checkpoint.Path);
            if (state.Finished is { } finished) return Finish([0], finished, save: false);
            start = state.NextStep;
        }
        for (int step = start; step < options.Steps && Running.Any(); step++)
        {
            if (cancellationToken.IsCancellationRequested)
                throw new FitCancelledException(Finish(Running.ToList(), StopReason.Cancelled), cancellationToken);

            TrainStep(step, step < options.CoarseSteps ? coarseStage! : fullStage);
            var stopping = new List<int>();
            foreach (int b in Running)
            {
                stepsRun[b] = step + 1;
                if (options.EarlyStoppingPatience > 0 && bestStep[b] >= 0 && step - bestStep[b] >= options.EarlyStoppingPatience)
                    stopping.Add(b);
            }
            if (stopping.Count > 0) Finish(stopping, StopReason.EarlyStopped);
            if (networkCutoff > 0 && step == CutoffStep) GiveWayWhereTheFillsWin();
            if (checkpoint is not null && Running.Any() && stepsRun[0] % checkpoint.Interval == 0 && stepsRun[0] < options.Steps)
                SaveCheckpoint(finished: null);
        }
        return Finish(Running.ToList(), StopReason.Completed);
    }

    /// <summary>The step after which <c>networkCutoff</c> judges the networks: the first on the full grid (half-way without coarse steps).</summary>
    private int CutoffStep => options.CoarseSteps > 0 ? options.CoarseSteps : options.Steps / 2;

    /// <summary>The pictures whose network is far behind the classical fills on their held-out pixels stop here, without a refit.</summary>
    private void GiveWayWhereTheFillsWin()
    {
        var giving = Running.Where(b => holdouts[b].Count > 0 && trainingFills[b] is { } fills
            && bestHoldoutError[b] > networkCutoff * fills.BestHeldOutError(observed[b], heldOutIndices[b])).ToList();
        if (giving.Count > 0) Finish(giving, StopReason.GaveWayToFills);
    }

    /// <summary>One optimisation step of every picture inside its own dispose scope; logged steps go to the histories.</summary>
    private void TrainStep(int step, FitStage stage)
    {
        using var scope = NewDisposeScope();
        // The prior's weight changes every step: an explicit Scalar held to the end of the step, never one left to
        // the garbage collector (which may free it while native code still reads it).
        using var priorWeight = stage.PriorTarget is not null && options.ClassicalGuide!.PriorWeightAt(step, options.Steps) is > 0 and var weight
            ? weight.ToScalar() : null;
        var (prediction, dataLoss, regularizerLosses, losses) =
            Optimize(stage, regularize: step >= options.RegularizerStartStep, priorWeight, schedulers, $"step {step}");

        bool fullGrid = ReferenceEquals(stage, fullStage);
        if (fullGrid)
            foreach (int b in Running)
            {
                firstFullGridLoss[b] ??= losses[b];
                lastFullGridLoss[b] = losses[b];
            }
        if (fullGrid && options.OutputAveraging > 0) average.Add(prediction);
        // Every full-grid step is judged on the held-out pixels, so the best step does not depend on LogInterval
        // (the CLI, ML.NET and the engine log at different intervals and must give the same pixels).
        Tensor? current = null; // what the result would be now, on the full grid: computed once a step at most
        if (fullGrid && holdouts.Any(h => h.Count > 0)) TrackBest(step, current = CurrentEstimate(prediction.detach()));
        bool log = step % options.LogInterval == 0 || step == options.Steps - 1;
        if (!log) return;

        current ??= CurrentEstimate(fullGrid ? prediction.detach() : null);
        var data = Values(dataLoss);
        var names = model.RegularizerNames;
        var regularizerValues = regularizerLosses.Select(Values).ToList();
        foreach (int b in Running)
        {
            var truth = pictures[b].Truth;
            var values = new Dictionary<string, double>();
            for (int r = 0; r < names.Count; r++) values[names[r]] = r < regularizerValues.Count ? regularizerValues[r][b] : 0.0;
            MetricSet? metrics = truth is null ? null : Evaluate(b, ToImage(Of(current, b)), truth);
            MetricSet? rawMetrics = truth is not null && fullGrid && average.HasValue ? Evaluate(b, ToImage(Of(prediction, b)), truth) : null;
            var entry = new FitProgress(step, options.Steps, losses[b], data[b], data[b] / stage.WeightFractions[b],
                values, metrics, Elapsed, rawMetrics);
            histories[b].Add(entry);
            report?.Invoke(b, entry);
        }
    }

    /// <summary>
    /// One optimisation step of every running picture on <paramref name="stage"/>, in the caller's dispose scope: the
    /// gradients zeroed, the pictures rendered, data term + regularisers (when <paramref name="regularize"/>) + prior
    /// (with <paramref name="priorWeight"/>), one backward pass, every optimiser and schedule stepped; a loss that is not
    /// finite stops the fit, naming <paramref name="where"/>.
    /// </summary>
    private (Tensor Prediction, Tensor DataLoss, IReadOnlyList<Tensor> RegularizerLosses, double[] Losses) Optimize(
        FitStage stage, bool regularize, Scalar? priorWeight, IReadOnlyList<CosineSchedule> schedules, string where)
    {
        foreach (var o in optimizers) o.ZeroGrad();
        var prediction = model.Render(stage.Height, stage.Width); // [B, C, h, w] (or [C, h, w])
        var dataLoss = stage.DataLoss(prediction);                  // [B] (or a scalar)
        var loss = dataLoss;
        var regularizerLosses = regularize ? model.RegularizerLosses(prediction) : [];
        foreach (var l in regularizerLosses) loss = loss.Plus(l);
        if (priorWeight is not null) loss = loss.Plus(priorWeight * stage.PriorLoss(prediction));
        // Each picture's loss depends on its own weights only: the sum's gradient is every picture's own gradient.
        (batched ? loss.sum() : loss).backward();
        foreach (var o in optimizers) o.Step();
        foreach (var s in schedules) s.Step();
        var losses = Values(loss);
        foreach (int b in Running)
            if (!double.IsFinite(losses[b])) throw Diverged(b, where, losses[b]);
        return (prediction, dataLoss, regularizerLosses, losses);
    }

    private MetricSet Evaluate(int picture, ImageData estimate, ImageData clean) =>
        denoising ? ImageMetrics.EvaluateWhole(estimate, clean) : ImageMetrics.Evaluate(estimate, clean, pictures[picture].Mask);

    /// <summary>The full-grid outputs the results would hold now, [B, C, H, W]: the moving average if on, else the render.</summary>
    private Tensor CurrentEstimate(Tensor? fullRender)
    {
        if (average.Current() is { } averaged) return averaged;
        if (fullRender is not null) return fullRender;
        using var _ = no_grad();
        return model.Render();
    }

    private void TrackBest(int step, Tensor current)
    {
        var squared = (current - observedTensor).Squared() * heldOut;
        var errors = Values(batched ? squared.sum([1L, 2L, 3L]) : squared.sum());
        foreach (int b in Running)
        {
            if (holdouts[b].Count == 0) continue;
            double error = errors[b] / ((double)holdouts[b].Count * channels);
            if (!(error < bestHoldoutError[b])) continue;
            bestHoldoutError[b] = error;
            bestStep[b] = step;
            best[b]?.Dispose();
            best[b] = Of(current, b).detach().clone().DetachFromDisposeScope();
        }
    }

    private InvalidOperationException Diverged(int picture, string where, double loss) =>
        new((count == 1 ? "The fit" : $"The fit of picture {picture}") +
            $" diverged at {where}: the loss is {loss}. Lower the learning rate or the regulariser weights.");

    /// <summary>
    /// The results of <paramref name="finishing"/>: each picture's estimate (its best held-out step, else the current
    /// output), refitted unless cancelled (<see cref="CompletionOptions.RefitSteps"/>), blended with the classical fills
    /// where the guide asks for it, the observed pixels put back. Returns every picture's result so far.
    /// </summary>
    private IReadOnlyList<CompletionResult> Finish(IReadOnlyList<int> finishing, StopReason reason, bool save = true)
    {
        if (finishing.Count == 0) return results.Select(r => r!).ToList(); // every picture stopped early
        // A cancelled fit resumes from here; a finished one gives this result again.
        if (save && checkpoint is not null) SaveCheckpoint(reason == StopReason.Cancelled ? null : reason);
        var raw = new ImageData[count];
        var estimate = new ImageData[count];
        using (no_grad())
        using (NewDisposeScope())
        {
            var render = model.Render();
            var current = finishing.Any(b => best[b] is null) ? CurrentEstimate(render) : null;
            foreach (int b in finishing)
            {
                raw[b] = ToImage(Of(render, b));
                estimate[b] = best[b] is { } kept ? ToImage(kept) : ToImage(Of(current!, b));
            }
        }
        // The refit's network has seen the held-out pixels, so they judged the network before it (best step, blend weights).
        var refitted = reason is StopReason.Cancelled or StopReason.GaveWayToFills ? null : Refit(finishing);
        foreach (int b in finishing)
        {
            var refit = refitted?[b];
            if (refit is not null) raw[b] = refit;
            var chosen = estimate[b];
            FillBlend? blend = null;
            if (options.ClassicalGuide is { Blend: true } guide && holdouts[b].Count > 0)
                (chosen, blend) = HeldOutBlend.Apply(chosen, observed[b], pictures[b].Mask, guide, trainingFills[b]!, observedFills[b]!, heldOutIndices[b], refit);
            else if (refit is not null)
                chosen = refit;
            // Completion keeps the observed pixels; denoising replaces them (they are the noisy ones).
            var completed = denoising ? chosen.Clone() : KeepObserved(chosen, observed[b], pictures[b].Mask);
            var adjacency = options.CaptureAdjacency ? model.Adjacency(b) : [];
            results[b] = new CompletionResult(raw[b], completed, histories[b].ToList(), adjacency, stepsRun[b], Elapsed, reason, options,
                bestStep[b] >= 0 ? bestStep[b] : null, blend)
            {
                Diverged = firstFullGridLoss[b] is double first && stepsRun[b] > 1 && lastFullGridLoss[b] > first,
            };
        }
        return results.Where(r => r is not null).Select(r => r!).ToList();
    }

    /// <summary>
    /// The refit (<see cref="CompletionOptions.RefitSteps"/>): more full-grid steps with every observed pixel in the data
    /// term, from the rates <see cref="CompletionOptions.RefitLearningRateFraction"/> of the initial ones along a cosine;
    /// the render they leave of each picture that held pixels out (null for the others), or null when there is no refit.
    /// </summary>
    private ImageData?[]? Refit(IReadOnlyList<int> finishing)
    {
        if (options.RefitSteps <= 0 || finishing.All(b => holdouts[b].Count == 0)) return null;
        // Every picture's weights move in a refit: a batch refits only when all its pictures finish together.
        if (Running.Except(finishing).Any())
            throw new InvalidOperationException("A batch refits only when all its pictures finish together (early stopping with refit steps is fitted one picture at a time).");
        using var everyObserved = BatchOn(observedTensor.device, () => pictures.Select(p => tensor(p.Mask.Values).reshape(1, height, width)).ToArray());
        using var stage = FitStage.Full(observedTensor, everyObserved);
        var schedules = CosineSchedule.ForRefit(optimizers, initialRates, options);
        for (int step = 0; step < options.RefitSteps; step++)
        {
            using var scope = NewDisposeScope();
            Optimize(stage, regularize: true, priorWeight: null, schedules, $"refit step {step}");
        }
        var refits = new ImageData?[count];
        using (no_grad())
        using (NewDisposeScope())
        {
            var render = model.Render();
            foreach (int b in finishing)
                if (holdouts[b].Count > 0) refits[b] = ToImage(Of(render, b));
        }
        return refits;
    }

    /// <summary>
    /// The fit's tensors a checkpoint holds, by name, in a fixed order: every network's state (weights and buffers),
    /// the optimisers' moments. The best held-out output and the moving average are saved apart (they may not exist yet).
    /// </summary>
    private IEnumerable<(string Name, Tensor Value)> StateTensors()
    {
        foreach (var state in model.StateTensors()) yield return state;
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
        if (best[0] is { } kept) tensors.Add(("best", kept));
        var (sum, renders) = average.State;
        if (sum is not null) tensors.Add(("average", sum));
        var state = new CheckpointState(stepsRun[0], Elapsed.TotalSeconds, finished, firstFullGridLoss[0], lastFullGridLoss[0],
            bestHoldoutError[0], bestStep[0], optimizers.Select(o => o.StepCount).ToArray(), optimizers.Select(o => o.LearningRate).ToArray(),
            schedulers.Select(s => s.Epoch).ToArray(), renders, histories[0].ToList());
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
            if (saved.ContainsKey("best")) best[0] = Load("best", Of(observedTensor, 0)).DetachFromDisposeScope();
            average.Restore(saved.ContainsKey("average") ? Load("average", observedTensor) : null, state.AveragedRenders);
        }
        for (int o = 0; o < optimizers.Count; o++)
        {
            optimizers[o].StepCount = state.OptimizerSteps[o];
            optimizers[o].LearningRate = state.LearningRates[o];
        }
        for (int s = 0; s < schedulers.Count; s++) schedulers[s].Epoch = state.ScheduleEpochs[s];
        firstFullGridLoss[0] = state.FirstFullGridLoss;
        lastFullGridLoss[0] = state.LastFullGridLoss;
        bestHoldoutError[0] = state.BestHoldoutError;
        bestStep[0] = state.BestStep;
        stepsRun[0] = state.NextStep;
        histories[0].AddRange(state.History);
        elapsedBeforeResume = TimeSpan.FromSeconds(state.ElapsedSeconds);
        return state;
    }

    /// <summary>The pictures' tensors in the model's layout: stacked into [B, ...], or the one picture's own.</summary>
    private Tensor Batch(Tensor[] pictureTensors) => batched ? stack(pictureTensors) : pictureTensors.Single().alias();

    /// <summary><see cref="Batch"/> of the tensors <paramref name="make"/> makes, on <paramref name="device"/>; the made ones are disposed.</summary>
    private Tensor BatchOn(Device device, Func<Tensor[]> make)
    {
        using var scope = NewDisposeScope();
        return Batch(make()).to(device).DetachFromDisposeScope();
    }

    /// <summary>Picture <paramref name="b"/> of a tensor in the model's layout.</summary>
    private Tensor Of(Tensor pictureTensors, int b) => batched ? pictureTensors[b] : pictureTensors;

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

    private static double[] Values(Tensor perPicture)
    {
        using var cpu = perPicture.detach().cpu().to_type(ScalarType.Float64);
        return cpu.data<double>().ToArray();
    }

    public void Dispose()
    {
        foreach (var o in optimizers) o.Dispose();
        model.Dispose();
        foreach (var h in holdouts) h.Dispose();
        observedTensor.Dispose();
        heldOut.Dispose();
        fullStage.Dispose();
        coarseStage?.Dispose();
        average.Dispose();
        foreach (var t in best) t?.Dispose();
        // The fit's peak back to the system (with glibc heap-only), once no other fit of this process (ML.NET's
        // concurrent rows) is running: a trim under a running fit gains little and unmaps pages it may touch next.
        if (Interlocked.Decrement(ref _running) == 0) TorchRuntime.ReleaseFreeMemory();
    }
}
