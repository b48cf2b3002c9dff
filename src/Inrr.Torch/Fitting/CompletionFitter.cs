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

/// <summary>
/// Completes one image: fits a representation to the observed pixels under the configured regularisers and
/// fills the holes with its output. Each step renders the whole image, takes one backward pass of
/// data term + regularisers through every network, then steps every optimiser.
/// </summary>
public sealed class CompletionFitter
{
    /// <summary>Creates a fitter with <paramref name="options"/> (default: <see cref="CompletionOptions"/>'s defaults).</summary>
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
    public CompletionResult Fit(ImageData image, Mask mask, ImageData? truth = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(image, mask, truth);
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(Options.Threads);

        var clock = Stopwatch.StartNew();
        int c = image.Channels, h = image.Height, w = image.Width;
        var observed = mask.Apply(image); // holes -> 0, so NaN holes cannot leak into the loss

        using var generator = new Generator((ulong)Options.Seed);
        using var representation = Options.Representation.Create(c, h, w, generator);
        var context = new RegularizerContext(observed, mask, representation, generator);
        var regularizers = Named(Options.Regularizers.Select(r => r.Create(context)));
        var optimizers = CreateOptimizers(representation, Options.Representation.LearningRate, regularizers);
        using var target = tensor(observed.Pixels).reshape(c, h, w);
        using var maskTensor = tensor(mask.Values).reshape(1, h, w);
        double observedFraction = (double)mask.ObservedCount / mask.Values.Length;

        var history = new List<FitProgress>();
        int stepsRun = 0;
        try
        {
            for (int step = 0; step < Options.Steps; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    var partial = Finish(representation, regularizers, observed, mask, history, stepsRun, clock, StopReason.Cancelled);
                    throw new FitCancelledException(partial, cancellationToken);
                }

                bool log = step % Options.LogInterval == 0 || step == Options.Steps - 1;
                var entry = TrainStep(step, representation, regularizers, optimizers, target, maskTensor,
                    observedFraction, log, truth, mask, clock);
                stepsRun = step + 1;
                if (entry is not null)
                {
                    history.Add(entry);
                    progress?.Report(entry);
                }
            }
            return Finish(representation, regularizers, observed, mask, history, stepsRun, clock, StopReason.Completed);
        }
        finally
        {
            foreach (var o in optimizers) o.Dispose();
            foreach (var r in regularizers) r.Module.Dispose();
        }
    }

    /// <summary>One optimisation step inside its own dispose scope; returns a history entry on logged steps.</summary>
    private FitProgress? TrainStep(int step, ImageRepresentation representation, List<NamedRegularizer> regularizers,
        List<optim.Optimizer> optimizers, Tensor target, Tensor maskTensor, double observedFraction, bool log,
        ImageData? truth, Mask mask, Stopwatch clock)
    {
        using var scope = NewDisposeScope();
        foreach (var o in optimizers) o.zero_grad();

        var prediction = representation.Render();
        // The reference's data term: squared error on observed pixels, averaged over ALL pixels.
        var dataLoss = ((prediction - target) * maskTensor).square().mean();
        var loss = dataLoss;
        var regLosses = new List<(string Name, Tensor Value)>(regularizers.Count);
        if (step >= Options.RegularizerStartStep)
        {
            foreach (var r in regularizers)
            {
                var l = r.Module.Loss(prediction);
                regLosses.Add((r.Name, l));
                loss = loss + l;
            }
        }
        loss.backward();
        foreach (var o in optimizers) o.step();

        double lossValue = loss.item<float>();
        if (!double.IsFinite(lossValue))
            throw new InvalidOperationException(
                $"The fit diverged at step {step}: the loss is {lossValue}. Lower the learning rate or the regulariser weights.");
        if (!log) return null;

        double dataValue = dataLoss.item<float>();
        var regValues = regularizers.ToDictionary(r => r.Name, _ => 0.0);
        foreach (var (name, value) in regLosses) regValues[name] = value.item<float>();
        MetricSet? metrics = truth is null ? null : ImageMetrics.Evaluate(ToImage(prediction), truth, mask);
        return new FitProgress(step, Options.Steps, lossValue, dataValue, dataValue / observedFraction,
            regValues, metrics, clock.Elapsed);
    }

    private CompletionResult Finish(ImageRepresentation representation, List<NamedRegularizer> regularizers,
        ImageData observed, Mask mask, List<FitProgress> history, int stepsRun, Stopwatch clock, StopReason reason)
    {
        ImageData raw;
        using (no_grad())
        using (var scope = NewDisposeScope())
            raw = ToImage(representation.Render());
        var completed = raw.Clone();
        int plane = mask.Values.Length;
        for (int ch = 0; ch < raw.Channels; ch++)
            for (int i = 0; i < plane; i++)
                if (mask.Values[i] == 1f) completed.Pixels[ch * plane + i] = observed.Pixels[ch * plane + i];

        var adjacency = new List<AdjacencySnapshot>();
        if (Options.CaptureAdjacency)
            foreach (var r in regularizers)
                if (r.Module.Adjacency() is { } a) adjacency.Add(new AdjacencySnapshot(r.Name, a.Rows, a.Columns));
        clock.Stop();
        return new CompletionResult(raw, completed, history, adjacency, stepsRun, clock.Elapsed, reason, Options);
    }

    private static List<optim.Optimizer> CreateOptimizers(ImageRepresentation representation, double learningRate, List<NamedRegularizer> regularizers)
    {
        // Adam with torch's defaults (betas 0.9/0.999, eps 1e-8, no weight decay), one per learning part.
        var optimizers = new List<optim.Optimizer> { optim.Adam(representation.parameters(), learningRate) };
        foreach (var r in regularizers)
        {
            var parameters = r.Module.parameters().ToList();
            if (parameters.Count > 0 && r.Module.LearningRate is double lr)
                optimizers.Add(optim.Adam(parameters, lr));
        }
        return optimizers;
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

    private static ImageData ToImage(Tensor image)
    {
        using var cpu = image.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return new ImageData((int)cpu.shape[0], (int)cpu.shape[1], (int)cpu.shape[2], cpu.data<float>().ToArray());
    }

    private static void Validate(ImageData image, Mask mask, ImageData? truth)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        mask.EnsureUsableFor(image.Height, image.Width, nameof(mask));
        mask.Apply(image).EnsureFinite(nameof(image)); // only observed pixels must be finite
        if (truth is null) return;
        if (truth.Channels != image.Channels || truth.Height != image.Height || truth.Width != image.Width)
            throw new ArgumentException(
                $"Ground truth is {truth.Channels}x{truth.Height}x{truth.Width} but the image is {image.Channels}x{image.Height}x{image.Width}.",
                nameof(truth));
        truth.EnsureFinite(nameof(truth));
    }
}
