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
    public static ClassicalFills Compute(ImageData observed, Mask known, ClassicalGuideOptions guide, int[] heldOut, int? rank = null,
        CancellationToken cancellationToken = default) =>
        Inpaint(observed, known, guide, cancellationToken).WithLowRank(observed, known, guide, heldOut, rank, cancellationToken);

    /// <summary>
    /// What a guided fit needs before its first step: the fills from the training pixels (held-out pixels unseen: the
    /// prior and the blend's weights) with the low-rank rank chosen on <paramref name="heldOut"/>, and the inpaintings
    /// from every observed pixel that the final blend applies its weights to (their low-rank fill comes with
    /// <see cref="ForBlend"/>, at the rank chosen here). With <paramref name="sideBySide"/> the two sets of inpaintings
    /// run on two threads: Frequency Selective Reconstruction, the slowest, takes seconds on a 256 x 256 picture with half
    /// its pixels missing, and the pixels are the same either way.
    /// </summary>
    public static (ClassicalFills Training, ClassicalFills Observed) ComputeForFit(ImageData observed, Mask mask, Mask train,
        ClassicalGuideOptions guide, int[] heldOut, bool sideBySide, CancellationToken cancellationToken = default)
    {
        if (!sideBySide) return (Compute(observed, train, guide, heldOut, cancellationToken: cancellationToken), Inpaint(observed, mask, guide, cancellationToken));
        var observedFills = Task.Run(() => Inpaint(observed, mask, guide, cancellationToken));
        ClassicalFills training;
        try
        {
            training = Compute(observed, train, guide, heldOut, cancellationToken: cancellationToken);
        }
        catch
        {
            observedFills.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed, so it is not rethrown later
            throw;
        }
        return (training, observedFills.GetAwaiter().GetResult());
    }

    /// <summary>
    /// These inpaintings (from <see cref="ComputeForFit"/>'s every observed pixel) with the low-rank fill at
    /// <paramref name="training"/>'s rank when the guide has one: the candidates the blend's weights apply to.
    /// </summary>
    public ClassicalFills ForBlend(ImageData observed, Mask mask, ClassicalGuideOptions guide, ClassicalFills training) =>
        training.LowRank is null ? this : WithLowRank(observed, mask, guide, [], training.LowRankRank);

    /// <summary>Navier-Stokes, Telea and (when the guide asks) Frequency Selective Reconstruction from the pixels of <paramref name="known"/>.</summary>
    /// <remarks>
    /// Each fill is one OpenCV call that cannot be interrupted; a cancellation is seen between them, and Frequency
    /// Selective Reconstruction (seconds) is waited for with the token, so a cancelled fit returns at once and leaves
    /// the call to end on its own and be dropped.
    /// </remarks>
    private static ClassicalFills Inpaint(ImageData observed, Mask known, ClassicalGuideOptions guide, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ns = ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.NavierStokes, guide.Radius);
        cancellationToken.ThrowIfCancellationRequested();
        var telea = ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.Telea, guide.Radius);
        cancellationToken.ThrowIfCancellationRequested();
        ImageData? fsr = null;
        if (guide.FrequencySelective)
        {
            var running = Task.Run(() => ClassicalInpainter.Inpaint(observed, known, ClassicalInpaintMethod.FrequencySelective), CancellationToken.None);
            try
            {
                running.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                running.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed, so an error after the cancellation is not rethrown later
                throw;
            }
            fsr = running.GetAwaiter().GetResult();
        }
        return new ClassicalFills(ns, telea, fsr, null, 0);
    }

    /// <summary>These inpaintings with the guide's low-rank fill: at <paramref name="rank"/>, or at the rank that predicts <paramref name="heldOut"/> best.</summary>
    private ClassicalFills WithLowRank(ImageData observed, Mask known, ClassicalGuideOptions guide, int[] heldOut, int? rank, CancellationToken cancellationToken = default)
    {
        if (!guide.LowRank) return this;
        if (rank is int r) return this with { LowRank = LowRankFill.Fill(observed, known, r, NavierStokes), LowRankRank = r };
        ImageData? best = null;
        int bestRank = 0;
        double bestError = double.PositiveInfinity;
        foreach (int candidate in LowRankFill.CandidateRanks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fill = LowRankFill.Fill(observed, known, candidate, NavierStokes);
            double error = heldOut.Length == 0 ? 0 : HeldOutError(fill, observed, heldOut);
            if (error < bestError) (best, bestRank, bestError) = (fill, candidate, error);
            if (heldOut.Length == 0) break;
        }
        return this with { LowRank = best, LowRankRank = bestRank };
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

    /// <summary>The lowest mean squared error of any candidate fill on the held-out pixels <paramref name="heldOut"/> (infinity without any).</summary>
    public double BestHeldOutError(ImageData observed, int[] heldOut) =>
        heldOut.Length == 0 ? double.PositiveInfinity : Candidates.Min(fill => HeldOutError(fill, observed, heldOut));

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
