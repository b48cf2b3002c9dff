using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

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
