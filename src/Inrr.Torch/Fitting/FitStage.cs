using TorchSharp;
using Inrr.Torch.Masks;
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

/// <summary>Observed pixels set aside to judge the fit (early stopping), and the mask the data term then uses.</summary>
internal sealed class Holdout : IDisposable
{
    private Holdout(Mask train, Tensor trainMask, Tensor heldOut, int count, float[] held)
    {
        this.held = held;
        Train = train;
        TrainMask = trainMask;
        HeldOut = heldOut;
        Count = count;
    }

    private readonly float[] held; // the held-out pixels as 0/1, on the host (HeldOut may live on a GPU)

    /// <summary>The pixels the data term uses, as a mask (1 = observed and not held out).</summary>
    public Mask Train { get; }

    /// <summary>[1, H, W] 0/1: observed and not held out.</summary>
    public Tensor TrainMask { get; }

    /// <summary>[1, H, W] 0/1: the held-out pixels (all zero when none).</summary>
    public Tensor HeldOut { get; }

    public int Count { get; }

    /// <summary>
    /// Picks round(fraction * observed) observed pixels with a seeded shuffle: of all observed pixels
    /// (<see cref="HoldoutShape.Random"/>), or of those under the holes' pattern shifted by seeded offsets
    /// (<see cref="HoldoutShape.HoleShaped"/>; more shifts are added until there are enough).
    /// </summary>
    public static Holdout Create(Mask mask, double fraction, int seed, HoldoutShape shape = HoldoutShape.Random, Device? device = null)
    {
        var train = (float[])mask.Values.Clone();
        var held = new float[train.Length];
        int count = (int)Math.Round(fraction * mask.ObservedCount);
        if (count > 0)
        {
            var random = new Random(seed);
            var candidates = shape == HoldoutShape.HoleShaped
                ? ShiftedHoles(mask, count, random)
                : Enumerable.Range(0, train.Length).Where(i => train[i] == 1f).ToArray();
            random.Shuffle(candidates);
            count = Math.Min(count, candidates.Length);
            foreach (int i in candidates.AsSpan(0, count))
            {
                train[i] = 0f;
                held[i] = 1f;
            }
        }
        return new Holdout(new Mask(mask.Height, mask.Width, train),
            tensor(train).reshape(1, mask.Height, mask.Width).to(device ?? CPU),
            tensor(held).reshape(1, mask.Height, mask.Width).to(device ?? CPU), count, held);
    }

    /// <summary>Observed pixels that a hole covers once the hole pattern is shifted (cyclically) by random offsets.</summary>
    private static int[] ShiftedHoles(Mask mask, int wanted, Random random)
    {
        int h = mask.Height, w = mask.Width;
        var chosen = new bool[h * w];
        int found = 0;
        for (int attempt = 0; attempt < 16 && found < wanted; attempt++)
        {
            // Offsets of a quarter to three quarters of each side: far from the holes themselves.
            int dy = h / 4 + random.Next(Math.Max(1, h / 2)), dx = w / 4 + random.Next(Math.Max(1, w / 2));
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if (chosen[i] || mask.Values[i] != 1f) continue;
                    if (mask.Values[(y + dy) % h * w + (x + dx) % w] == 1f) continue;
                    chosen[i] = true;
                    found++;
                }
        }
        return Enumerable.Range(0, h * w).Where(i => chosen[i]).ToArray();
    }

    /// <summary>Flat indices of the held-out pixels in a planar image of <paramref name="channels"/> channels.</summary>
    public int[] Indices(int channels)
    {
        int plane = Train.Values.Length;
        var list = new List<int>(Count * channels);
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < plane; i++)
                if (held[i] == 1f) list.Add(c * plane + i);
        return list.ToArray();
    }

    /// <summary>Mean squared error of <paramref name="prediction"/> over the held-out pixels (all channels).</summary>
    public double Error(Tensor prediction, Tensor observed)
    {
        using var scope = NewDisposeScope();
        var sq = ((prediction - observed).Squared() * HeldOut).sum().item<float>();
        return sq / (Count * prediction.shape[0]);
    }

    public void Dispose()
    {
        TrainMask.Dispose();
        HeldOut.Dispose();
    }
}
