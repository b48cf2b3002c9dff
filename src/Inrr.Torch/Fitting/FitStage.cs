using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// What one stage of a fit compares the rendered image with: a target on some grid and, per pixel, how much the
/// data term trusts it (1 = observed, 0 = hole; between for coarse cells that are partly observed).
/// </summary>
internal sealed class FitStage : IDisposable
{
    private FitStage(int height, int width, Tensor target, Tensor weight)
    {
        Height = height;
        Width = width;
        Target = target;
        Weight = weight;
        WeightFraction = weight.mean().item<float>();
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>[C, H, W] target values (0 where nothing is observed).</summary>
    public Tensor Target { get; }

    /// <summary>[1, H, W] data-term weights.</summary>
    public Tensor Weight { get; }

    /// <summary>Mean weight: the observed fraction, to turn the data term into an observed-pixel MSE.</summary>
    public double WeightFraction { get; }

    /// <summary>The full grid: the observed image and the 0/1 mask of the pixels the data term may use.</summary>
    public static FitStage Full(Tensor observed, Tensor trainMask) =>
        new((int)observed.shape[1], (int)observed.shape[2], observed.alias(), trainMask.alias());

    /// <summary>
    /// A grid <paramref name="factor"/> times coarser: each cell's target is the mean of its observed pixels and its
    /// weight the fraction of them that is observed, so cells that are all hole do not pull the fit.
    /// </summary>
    public static FitStage Coarse(Tensor observed, Tensor trainMask, int factor)
    {
        int h = (int)Math.Ceiling(observed.shape[1] / (double)factor);
        int w = (int)Math.Ceiling(observed.shape[2] / (double)factor);
        using var scope = NewDisposeScope();
        var size = new long[] { h, w };
        var weight = nn.functional.adaptive_avg_pool2d(trainMask.unsqueeze(0), size).squeeze(0);
        var sum = nn.functional.adaptive_avg_pool2d((observed * trainMask).unsqueeze(0), size).squeeze(0);
        var target = sum / weight.clamp_min(1e-12);
        return new FitStage(h, w, target.MoveToOuterDisposeScope(), weight.MoveToOuterDisposeScope());
    }

    /// <summary>The data term: mean over all cells of weight * squared error (the reference's form on the full grid).</summary>
    public Tensor DataLoss(Tensor prediction) => ((prediction - Target).square() * Weight).mean();

    public void Dispose()
    {
        Target.Dispose();
        Weight.Dispose();
    }
}

/// <summary>Observed pixels set aside to judge the fit (early stopping), and the mask the data term then uses.</summary>
internal sealed class Holdout : IDisposable
{
    private Holdout(Tensor trainMask, Tensor heldOut, int count)
    {
        TrainMask = trainMask;
        HeldOut = heldOut;
        Count = count;
    }

    /// <summary>[1, H, W] 0/1: observed and not held out.</summary>
    public Tensor TrainMask { get; }

    /// <summary>[1, H, W] 0/1: the held-out pixels (all zero when none).</summary>
    public Tensor HeldOut { get; }

    public int Count { get; }

    /// <summary>Picks round(fraction * observed) observed pixels with a seeded shuffle.</summary>
    public static Holdout Create(Mask mask, double fraction, int seed)
    {
        var train = (float[])mask.Values.Clone();
        var held = new float[train.Length];
        int count = (int)Math.Round(fraction * mask.ObservedCount);
        if (count > 0)
        {
            var observed = Enumerable.Range(0, train.Length).Where(i => train[i] == 1f).ToArray();
            new Random(seed).Shuffle(observed);
            foreach (int i in observed.AsSpan(0, count))
            {
                train[i] = 0f;
                held[i] = 1f;
            }
        }
        return new Holdout(tensor(train).reshape(1, mask.Height, mask.Width), tensor(held).reshape(1, mask.Height, mask.Width), count);
    }

    /// <summary>Mean squared error of <paramref name="prediction"/> over the held-out pixels (all channels).</summary>
    public double Error(Tensor prediction, Tensor observed)
    {
        using var scope = NewDisposeScope();
        var sq = ((prediction - observed).square() * HeldOut).sum().item<float>();
        return sq / (Count * prediction.shape[0]);
    }

    public void Dispose()
    {
        TrainMask.Dispose();
        HeldOut.Dispose();
    }
}
