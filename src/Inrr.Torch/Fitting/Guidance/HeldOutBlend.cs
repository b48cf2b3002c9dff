using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>The end of a guided fit: the network's estimate and the classical fills blended by what the held-out pixels say.</summary>
internal static class HeldOutBlend
{
    /// <summary>
    /// The held-out blend: convex weights of the network estimate and the classical fills (Navier-Stokes, Telea,
    /// Frequency Selective Reconstruction, low-rank) with the least absolute error on the held-out pixels, where the fills are made from the training pixels alone, as the
    /// network saw them; then applied to the fills of the real holes, made from every observed pixel, and to
    /// <paramref name="holeEstimate"/> (the refitted network, <see cref="CompletionOptions.RefitSteps"/>) where given,
    /// else to <paramref name="estimate"/>.
    /// </summary>
    public static (ImageData Blended, FillBlend Blend) Apply(ImageData estimate, ImageData observed, Mask mask,
        ClassicalGuideOptions guide, ClassicalFills trainingFills, ClassicalFills observedFills, int[] heldOutIndices, ImageData? holeEstimate = null)
    {
        float[] At(ImageData image) => heldOutIndices.Select(i => image.Pixels[i]).ToArray();
        var predictions = trainingFills.Candidates.Prepend(estimate).Select(At).ToList();
        var truthValues = At(observed);
        int strata = guide.BlendStrata;
        var full = observedFills.ForBlend(observed, mask, guide, trainingFills);
        var fills = full.Candidates.Prepend(holeEstimate ?? estimate).Select(f => f.Pixels).ToList();
        var all = Enumerable.Range(0, truthValues.Length).ToArray();
        var single = BlendSolver.ConvexLeastAbsoluteByStratum(predictions, truthValues, all, null, 1)[0];
        int[]? heldOutStratum = null, pixelStratum = null;
        if (strata > 1)
        {
            // Activity groups (BlendStrata), judged on the picture one set of weights would give: held-out pixels in the blend
            // of the fills from the training pixels, hole pixels in that of the fills from every observed pixel (a diffusion
            // fill alone would call the middle of a large hole flat whatever it hides). The thresholds split the held-out
            // pixels evenly.
            ImageData Picture(float[] pixels) => new(observed.Channels, observed.Height, observed.Width, pixels);
            var trainingBlend = Combine(trainingFills.Candidates.Prepend(estimate).Select(f => f.Pixels).ToList(), [single], null);
            var heldOutActivity = At(Picture(BlendSolver.LocalActivity(Picture(trainingBlend))));
            var thresholds = BlendSolver.StratumThresholds(heldOutActivity, strata);
            heldOutStratum = heldOutActivity.Select(a => BlendSolver.StratumOf(a, thresholds)).ToArray();
            pixelStratum = BlendSolver.LocalActivity(Picture(Combine(fills, [single], null)))
                .Select(a => BlendSolver.StratumOf(a, thresholds)).ToArray();
        }

        // Is the blend really better than the best classical fill alone? Judged on held-out pixels it was not fitted on.
        int bestClassical = Enumerable.Range(1, predictions.Count - 1)
            .MinBy(k => BlendSolver.AbsoluteError(predictions, truthValues, OneHot(predictions.Count, k)));
        int plane = mask.Height * mask.Width, tilesPerRow = (mask.Width + BlendSolver.CrossCheckTile - 1) / BlendSolver.CrossCheckTile;
        var tile = heldOutIndices.Select(i => (i % plane / mask.Width / BlendSolver.CrossCheckTile) * tilesPerRow + i % plane % mask.Width / BlendSolver.CrossCheckTile).ToArray();
        var fold = tile.Select(t => (t / tilesPerRow + t % tilesPerRow) % 2).ToArray();
        var (gain, gainError) = BlendSolver.CrossCheckedGainOver(predictions, truthValues, bestClassical, fold, tile);
        if (strata > 1)
        {
            // The groups' weights only where they predict held-out pixels they were not fitted on better than one set does:
            // each group fits its weights on 1 / BlendStrata of the pixels one set has, and on a photo's thin holes that noise
            // can cost more than the groups gain.
            var (groupedGain, groupedError) = BlendSolver.CrossCheckedGainOver(predictions, truthValues, bestClassical, fold, tile, heldOutStratum, strata);
            if (groupedGain > gain) (gain, gainError) = (groupedGain, groupedError);
            else (strata, heldOutStratum, pixelStratum) = (1, null, null);
        }
        double[][] w = strata > 1 ? BlendSolver.ConvexLeastAbsoluteByStratum(predictions, truthValues, all, heldOutStratum, strata) : [single];
        bool gated = !(gain > guide.BlendConfidence * gainError) && guide.BlendConfidence > 0;
        if (gated) w = Enumerable.Repeat(OneHot(predictions.Count, bestClassical), w.Length).ToArray();

        var pixels = Combine(fills, w, pixelStratum);
        var holeShare = new double[fills.Count]; // each fill's weight, averaged over the hole pixels
        int holes = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            if (mask.Values[i % plane] == 1f) continue;
            holes++;
            var weights = w[pixelStratum?[i] ?? 0];
            for (int k = 0; k < fills.Count; k++) holeShare[k] += weights[k];
        }
        var heldOutBlend = Combine(predictions, w, heldOutStratum);
        double heldOutMse = all.Length == 0 ? 0 : all.Average(i => (heldOutBlend[i] - (double)truthValues[i]) * (heldOutBlend[i] - (double)truthValues[i]));
        var (network, navierStokes, telea, frequencySelective, lowRank) = full.Spread(holeShare.Select(x => holes == 0 ? 0 : x / holes).ToList());
        var blend = new FillBlend(network, navierStokes, telea, frequencySelective, lowRank, full.LowRankRank, heldOutMse,
            gain, gainError, gated, strata);
        return (new ImageData(estimate.Channels, estimate.Height, estimate.Width, pixels), blend);
    }

    /// <summary>
    /// <paramref name="values"/> blended value by value, each with the weights of its <paramref name="stratum"/> (all with
    /// <paramref name="weights"/>[0] when null).
    /// </summary>
    private static float[] Combine(IReadOnlyList<float[]> values, double[][] weights, int[]? stratum)
    {
        var blended = new float[values[0].Length];
        for (int i = 0; i < blended.Length; i++)
        {
            var w = weights[stratum?[i] ?? 0];
            double v = 0;
            for (int k = 0; k < values.Count; k++) v += w[k] * values[k][i];
            blended[i] = (float)v;
        }
        return blended;
    }

    private static double[] OneHot(int length, int index)
    {
        var weights = new double[length];
        weights[index] = 1;
        return weights;
    }
}
