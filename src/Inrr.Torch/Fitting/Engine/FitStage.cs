using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// What one stage of a fit compares the rendered image with: a target on some grid and, per pixel, how much the
/// data term trusts it (1 = observed, 0 = hole; between for coarse cells that are partly observed). One picture
/// ([C, H, W] tensors) or a batch of B pictures ([B, C, H, W], <see cref="BatchCompletionFitter"/>), each picture with
/// its own terms.
/// </summary>
internal sealed class FitStage : IDisposable
{
    private FitStage(Tensor target, Tensor weight, Tensor? priorTarget = null, Tensor? priorWeight = null)
    {
        Height = (int)target.shape[^2];
        Width = (int)target.shape[^1];
        Target = target;
        Weight = weight;
        PriorTarget = priorTarget;
        PriorWeight = priorWeight;
        using var fractions = weight.dim() == 4 ? weight.mean(PictureDimensions) : weight.mean().unsqueeze(0);
        using var host = fractions.cpu().to_type(ScalarType.Float64);
        WeightFractions = host.data<double>().ToArray();
    }

    /// <summary>The dimensions of one picture in a batch: channels, rows, columns.</summary>
    private static readonly long[] PictureDimensions = [1, 2, 3];

    /// <summary>[C, H, W] the classical fill the holes are pulled towards (<see cref="ClassicalGuideOptions"/>), or null.</summary>
    public Tensor? PriorTarget { get; }

    /// <summary>
    /// [1, H, W] (or [B, 1, H, W]) where the prior applies and how much: on pixels the data term does not use (holes, held
    /// out) the picture's prior scale (<see cref="ClassicalGuideOptions.PriorScale"/>), elsewhere 0; or null.
    /// </summary>
    public Tensor? PriorWeight { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>[C, H, W] (or [B, C, H, W]) target values (0 where nothing is observed).</summary>
    public Tensor Target { get; }

    /// <summary>[1, H, W] (or [B, 1, H, W]) data-term weights.</summary>
    public Tensor Weight { get; }

    /// <summary>Mean weight: the observed fraction, to turn the data term into an observed-pixel MSE.</summary>
    public double WeightFraction => WeightFractions[0];

    /// <summary>Each picture's mean weight (one entry for a single picture).</summary>
    public double[] WeightFractions { get; }

    /// <summary>
    /// The full grid: the observed image and the 0/1 mask of the pixels the data term may use; with a prior, each
    /// picture's prior scale (one per picture).
    /// </summary>
    public static FitStage Full(Tensor observed, Tensor trainMask, Tensor? prior = null, double[]? priorScales = null)
    {
        if (prior is null) return new(observed.alias(), trainMask.alias());
        Tensor priorWeight;
        using (NewDisposeScope()) priorWeight = Scaled(ones_like(trainMask) - trainMask, priorScales).DetachFromDisposeScope();
        return new(observed.alias(), trainMask.alias(), prior.alias(), priorWeight);
    }

    /// <summary><paramref name="weight"/> ([1, H, W] or [B, 1, H, W]) times each picture's scale (none: unchanged).</summary>
    private static Tensor Scaled(Tensor weight, double[]? scales)
    {
        if (scales is null) return weight;
        if (weight.dim() == 3)
        {
            using var scale = scales.Single().ToScalar(); // held: no Scalar left to the garbage collector
            return weight * scale;
        }
        using var perPicture = tensor(scales, dtype: weight.dtype, device: weight.device).reshape(scales.Length, 1, 1, 1);
        return weight * perPicture;
    }

    /// <summary>
    /// A grid <paramref name="factor"/> times coarser: each cell's target is the mean of its observed pixels and its
    /// weight the fraction of them that is observed, so cells that are all hole do not pull the fit.
    /// </summary>
    public static FitStage Coarse(Tensor observed, Tensor trainMask, int factor, Tensor? prior = null, double[]? priorScales = null)
    {
        int h = (int)Math.Ceiling(observed.shape[^2] / (double)factor);
        int w = (int)Math.Ceiling(observed.shape[^1] / (double)factor);
        using var scope = NewDisposeScope();
        var size = new long[] { h, w };
        // Pooling works on [N, C, H, W]: one picture is a batch of one.
        bool single = observed.dim() == 3;
        Tensor Pool(Tensor x) => single
            ? nn.functional.adaptive_avg_pool2d(x.unsqueeze(0), size).squeeze(0)
            : nn.functional.adaptive_avg_pool2d(x, size);
        var weight = Pool(trainMask);
        var sum = Pool(observed * trainMask);
        using var tiny = 1e-12.ToScalar(); // held: no Scalar left to the garbage collector
        var target = sum / weight.clamp_min(tiny);
        Tensor? priorTarget = null, priorWeight = null;
        if (prior is not null)
        {
            // Cells weighted by their share of unused pixels, the prior averaged over those pixels (as the target above).
            var unused = (ones_like(trainMask) - trainMask);
            var unusedShare = Pool(unused);
            var priorSum = Pool(prior * unused);
            priorTarget = (priorSum / unusedShare.clamp_min(tiny)).MoveToOuterDisposeScope();
            priorWeight = Scaled(unusedShare, priorScales).MoveToOuterDisposeScope();
        }
        return new FitStage(target.MoveToOuterDisposeScope(), weight.MoveToOuterDisposeScope(), priorTarget, priorWeight);
    }

    /// <summary>The data term: mean over all cells of weight * squared error (the reference's form on the full grid); [B] for a batch, each picture's own.</summary>
    public Tensor DataLoss(Tensor prediction) => PerPicture((prediction - Target).Squared() * Weight);

    /// <summary>The prior term: mean over all cells of prior weight (scale included) * squared distance from the classical fill; [B] for a batch.</summary>
    public Tensor PriorLoss(Tensor prediction) => PerPicture((prediction - PriorTarget!).Squared() * PriorWeight!);

    private static Tensor PerPicture(Tensor cells) => cells.dim() == 4 ? cells.mean(PictureDimensions) : cells.mean();

    public void Dispose()
    {
        Target.Dispose();
        Weight.Dispose();
        PriorTarget?.Dispose();
        PriorWeight?.Dispose();
    }
}
