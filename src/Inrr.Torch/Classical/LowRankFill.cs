using TorchSharp;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Runtime;
using static TorchSharp.torch;

namespace Inrr.Torch.Classical;

/// <summary>
/// Fills holes by low-rank matrix completion ("hard impute"): each channel is treated as an H x W matrix, and the
/// holes are repeatedly replaced by the best rank-r approximation of the current estimate while the observed pixels
/// stay as given. A picture whose rows and columns repeat (a facade's windows, tiles, text on a regular background) is
/// nearly low-rank, so this copies structure from far away where diffusion (Telea, Navier-Stokes) can only blur the
/// edges inwards: the same self-similarity INRR learns, in its classical, closed form. Milliseconds per iteration.
/// </summary>
public static class LowRankFill
{
    /// <summary>Ranks the default completion tries, choosing on held-out pixels.</summary>
    public static readonly IReadOnlyList<int> CandidateRanks = [2, 4, 8, 16, 32];

    /// <summary>Iterations per fill: enough for the holes to settle from a diffusion start. Default 40.</summary>
    public const int DefaultIterations = 40;

    /// <summary>Returns <paramref name="image"/> with the holes of <paramref name="mask"/> filled at rank <paramref name="rank"/>.</summary>
    /// <param name="image">The observed image; values in holes are ignored.</param>
    /// <param name="mask">1 = observed, 0 = hole.</param>
    /// <param name="rank">Rank of the approximation, at least 1.</param>
    /// <param name="start">Where the holes start (e.g. a Navier-Stokes fill); null = the mean of the observed pixels.</param>
    /// <param name="iterations">Replacement rounds, at least 1.</param>
    public static ImageData Fill(ImageData image, Mask mask, int rank, ImageData? start = null, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        mask.EnsureUsableFor(image.Height, image.Width, nameof(mask));
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        TorchRuntime.EnsureInitialized();
        int c = image.Channels, h = image.Height, w = image.Width;
        var observed = mask.Apply(image);
        var first = start ?? MeanFill(observed, mask);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var known = tensor(mask.Values).reshape(1, h, w);
        var target = tensor(observed.Pixels).reshape(c, h, w);
        var unknown = ones_like(known) - known;
        // Bounds held for the whole fill: no implicit double-to-Scalar conversion is left to the garbage collector.
        using Scalar zero = 0.0.ToScalar(), one = 1.0.ToScalar();
        var x = (tensor(first.Pixels).reshape(c, h, w) * unknown).Plus(target * known);
        int keep = Math.Min(rank, Math.Min(h, w));
        for (int i = 0; i < iterations; i++)
        {
            // Each round's factors die with its scope and the previous estimate with it: at 1024 x 1024 forty rounds would
            // otherwise hold gigabytes.
            using var round = NewDisposeScope();
            var (u, s, vh) = linalg.svd(x, fullMatrices: false);                    // batched over channels
            var approximation = (u[.., .., ..keep] * s[.., ..keep].unsqueeze(1)).matmul(vh[.., ..keep, ..]);
            var next = (target * known).Plus(approximation.clamp(zero, one) * unknown).MoveToOuterDisposeScope();
            x.Dispose();
            x = next;
        }
        return new ImageData(c, h, w, x.contiguous().data<float>().ToArray());
    }

    private static ImageData MeanFill(ImageData observed, Mask mask)
    {
        var result = observed.Clone();
        int plane = observed.PlaneSize;
        for (int ch = 0; ch < observed.Channels; ch++)
        {
            double sum = 0;
            for (int i = 0; i < plane; i++) if (mask.Values[i] == 1f) sum += observed.Pixels[ch * plane + i];
            float mean = (float)(sum / mask.ObservedCount);
            for (int i = 0; i < plane; i++) if (mask.Values[i] != 1f) result.Pixels[ch * plane + i] = mean;
        }
        return result;
    }
}
