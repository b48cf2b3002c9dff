using Inrr.Torch.Classical;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>
/// The classical fills a guided completion works with, all made from the same known pixels: Navier-Stokes, Telea and,
/// when asked, the low-rank fill at the rank that predicts the held-out pixels best.
/// </summary>
internal sealed record ClassicalFills(ImageData NavierStokes, ImageData Telea, ImageData? LowRank, int LowRankRank)
{
    /// <summary>The fills from the pixels of <paramref name="known"/>; the low-rank rank is chosen on <paramref name="heldOut"/> (or given).</summary>
    public static ClassicalFills Compute(ImageData observed, Mask known, ClassicalGuideOptions guide, int[] heldOut, int? rank = null)
    {
        var ns = ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.NavierStokes, guide.Radius);
        var telea = ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.Telea, guide.Radius);
        if (!guide.LowRank) return new ClassicalFills(ns, telea, null, 0);
        if (rank is int r) return new ClassicalFills(ns, telea, LowRankFill.Fill(observed, known, r, ns), r);
        ImageData? best = null;
        int bestRank = 0;
        double bestError = double.PositiveInfinity;
        foreach (int candidate in LowRankFill.CandidateRanks)
        {
            var fill = LowRankFill.Fill(observed, known, candidate, ns);
            double error = heldOut.Length == 0 ? 0 : heldOut.Average(i => Math.Pow(fill.Pixels[i] - observed.Pixels[i], 2));
            if (error < bestError) (best, bestRank, bestError) = (fill, candidate, error);
            if (heldOut.Length == 0) break;
        }
        return new ClassicalFills(ns, telea, best, bestRank);
    }

    /// <summary>The fill the network's prior pulls towards: <paramref name="guide"/>'s method, or the low-rank fill where it predicts the held-out pixels better.</summary>
    public ImageData Prior(ClassicalGuideOptions guide, ImageData observed, int[] heldOut)
    {
        var chosen = guide.Method == ClassicalInpaintMethod.Telea ? Telea : NavierStokes;
        if (LowRank is null || heldOut.Length == 0) return chosen;
        double Error(ImageData fill) => heldOut.Average(i => Math.Pow(fill.Pixels[i] - observed.Pixels[i], 2));
        return Error(LowRank) < Error(chosen) ? LowRank : chosen;
    }

    /// <summary>The candidate fills of the blend after the network's estimate, in <see cref="FillBlend"/>'s order.</summary>
    public IReadOnlyList<ImageData> Candidates => LowRank is null ? [NavierStokes, Telea] : [NavierStokes, Telea, LowRank];
}
