using Inrr.Torch.Classical;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>
/// The classical fills a guided completion works with, all made from the same known pixels: Navier-Stokes, Telea and,
/// when asked, Frequency Selective Reconstruction and the low-rank fill at the rank that predicts the held-out pixels best.
/// </summary>
internal sealed record ClassicalFills(ImageData NavierStokes, ImageData Telea, ImageData? FrequencySelective, ImageData? LowRank, int LowRankRank)
{
    /// <summary>The fills from the pixels of <paramref name="known"/>; the low-rank rank is chosen on <paramref name="heldOut"/> (or given).</summary>
    public static ClassicalFills Compute(ImageData observed, Mask known, ClassicalGuideOptions guide, int[] heldOut, int? rank = null)
    {
        var ns = ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.NavierStokes, guide.Radius);
        var telea = ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.Telea, guide.Radius);
        var fsr = guide.FrequencySelective ? ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.FrequencySelective) : null;
        if (!guide.LowRank) return new ClassicalFills(ns, telea, fsr, null, 0);
        if (rank is int r) return new ClassicalFills(ns, telea, fsr, LowRankFill.Fill(observed, known, r, ns), r);
        ImageData? best = null;
        int bestRank = 0;
        double bestError = double.PositiveInfinity;
        foreach (int candidate in LowRankFill.CandidateRanks)
        {
            var fill = LowRankFill.Fill(observed, known, candidate, ns);
            double error = heldOut.Length == 0 ? 0 : HeldOutError(fill, observed, heldOut);
            if (error < bestError) (best, bestRank, bestError) = (fill, candidate, error);
            if (heldOut.Length == 0) break;
        }
        return new ClassicalFills(ns, telea, fsr, best, bestRank);
    }

    /// <summary>
    /// The fill the network's prior pulls towards: <paramref name="guide"/>'s method, or Frequency Selective
    /// Reconstruction or the low-rank fill where one predicts the held-out pixels better.
    /// </summary>
    public ImageData Prior(ClassicalGuideOptions guide, ImageData observed, int[] heldOut)
    {
        var chosen = guide.Method switch
        {
            ClassicalInpaintMethod.Telea => Telea,
            ClassicalInpaintMethod.FrequencySelective when FrequencySelective is not null => FrequencySelective,
            _ => NavierStokes,
        };
        if (heldOut.Length == 0) return chosen;
        return new[] { chosen, FrequencySelective, LowRank }.OfType<ImageData>().MinBy(fill => HeldOutError(fill, observed, heldOut))!;
    }

    /// <summary>The candidate fills of the blend after the network's estimate, in <see cref="Spread"/>'s order.</summary>
    public IReadOnlyList<ImageData> Candidates => new[] { NavierStokes, Telea, FrequencySelective, LowRank }.OfType<ImageData>().ToList();

    /// <summary>
    /// Weights over the network and <see cref="Candidates"/> (in that order) spread onto the four classical fills, 0 for
    /// a fill this guide has none of.
    /// </summary>
    public (double Network, double NavierStokes, double Telea, double FrequencySelective, double LowRank) Spread(IReadOnlyList<double> weights)
    {
        int k = 3;
        double fsr = FrequencySelective is null ? 0 : weights[k++];
        double lowRank = LowRank is null ? 0 : weights[k];
        return (weights[0], weights[1], weights[2], fsr, lowRank);
    }

    private static double HeldOutError(ImageData fill, ImageData observed, int[] heldOut) =>
        heldOut.Average(i => Math.Pow(fill.Pixels[i] - observed.Pixels[i], 2));
}
