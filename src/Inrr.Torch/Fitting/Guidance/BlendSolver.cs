using Inrr.Torch.Imaging;

namespace Inrr.Torch.Fitting;

/// <summary>
/// The held-out blend's arithmetic (<see cref="HeldOutBlend"/>): convex weights by least absolute or squared error, per
/// activity group, the local activity that groups pixels, and the cross-check of the blend's gain on held-out pixels
/// it was not fitted on.
/// </summary>
internal static class BlendSolver
{
    /// <summary>Side of the square tiles the held-out pixels are split by for the cross-check.</summary>
    internal const int CrossCheckTile = 16;

    /// <summary>
    /// The blend's gain over candidate <paramref name="reference"/> alone, judged on held-out pixels it was not fitted on:
    /// the pixels are split in two by <paramref name="fold"/> (0 or 1 per pixel), the weights are fitted on one half and
    /// the mean absolute errors compared on the other, both ways. The standard error treats each of
    /// <paramref name="group"/>'s groups (tiles: neighbouring pixels are not independent) as one observation.
    /// </summary>
    internal static (double Gain, double StandardError) CrossCheckedGainOver(IReadOnlyList<float[]> predictions, float[] truth,
        int reference, int[] fold, int[] group, int[]? stratum = null, int strata = 1)
    {
        var gainSum = new Dictionary<int, (double Sum, int Count)>();
        for (int f = 0; f < 2; f++)
        {
            var fitOn = Enumerable.Range(0, truth.Length).Where(i => fold[i] != f).ToArray();
            var judgeOn = Enumerable.Range(0, truth.Length).Where(i => fold[i] == f).ToArray();
            if (fitOn.Length == 0 || judgeOn.Length == 0) return (0, double.PositiveInfinity);
            var weights = ConvexLeastAbsoluteByStratum(predictions, truth, fitOn, stratum, strata);
            foreach (int i in judgeOn)
            {
                var w = weights[stratum?[i] ?? 0];
                double v = 0;
                for (int j = 0; j < w.Length; j++) v += w[j] * predictions[j][i];
                double gain = Math.Abs(predictions[reference][i] - truth[i]) - Math.Abs(v - truth[i]);
                var (sum, count) = gainSum.GetValueOrDefault(group[i]);
                gainSum[group[i]] = (sum + gain, count + 1);
            }
        }
        double total = gainSum.Values.Sum(g => g.Sum);
        int n = gainSum.Values.Sum(g => g.Count);
        double mean = total / n;
        // Ratio estimator over groups: var(mean) = sum over groups of (group sum - mean * group count)^2 / n^2.
        double variance = gainSum.Values.Sum(g => (g.Sum - mean * g.Count) * (g.Sum - mean * g.Count)) / ((double)n * n);
        return (mean, Math.Sqrt(variance));
    }

    /// <summary>
    /// Convex weights per stratum (<see cref="ConvexLeastAbsolute"/>), each fitted on the pixels of <paramref name="among"/>
    /// in that stratum; a stratum with fewer than <see cref="MinStratumPixels"/> of them gets the weights fitted on all.
    /// </summary>
    internal static double[][] ConvexLeastAbsoluteByStratum(IReadOnlyList<float[]> predictions, float[] truth, int[] among,
        int[]? stratum, int strata)
    {
        double[] FitOn(int[] pixels) =>
            ConvexLeastAbsolute(predictions.Select(p => pixels.Select(i => p[i]).ToArray()).ToList(), pixels.Select(i => truth[i]).ToArray());
        var all = FitOn(among);
        if (stratum is null || strata <= 1) return [all];
        return Enumerable.Range(0, strata).Select(s =>
        {
            var members = among.Where(i => stratum[i] == s).ToArray();
            return members.Length >= MinStratumPixels ? FitOn(members) : all;
        }).ToArray();
    }

    /// <summary>The fewest held-out pixels a stratum of the blend fits its own weights on.</summary>
    internal const int MinStratumPixels = 64;

    /// <summary>
    /// How busy <paramref name="image"/> is around each of its values: the mean absolute Laplacian (4 v - its four
    /// neighbours, borders repeated) over the (2 <paramref name="radius"/> + 1)^2 values around it, in its own channel
    /// (windows clipped at the borders). Curvature, not slope: a smooth gradient (a sky) is as flat as a constant.
    /// </summary>
    internal static float[] LocalActivity(ImageData image, int radius = 3)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        int h = image.Height, w = image.Width, plane = image.PlaneSize;
        var activity = new float[image.Pixels.Length];
        var sum = new double[(h + 1) * (w + 1)]; // summed-area table of |Laplacian|: every window in four look-ups
        for (int c = 0; c < image.Channels; c++)
        {
            float V(int y, int x) => image.Pixels[c * plane + Math.Clamp(y, 0, h - 1) * w + Math.Clamp(x, 0, w - 1)];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double laplacian = Math.Abs(4 * V(y, x) - V(y - 1, x) - V(y + 1, x) - V(y, x - 1) - V(y, x + 1));
                    int at = (y + 1) * (w + 1) + x + 1;
                    sum[at] = laplacian + sum[at - 1] + sum[at - (w + 1)] - sum[at - (w + 1) - 1];
                }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int y0 = Math.Max(0, y - radius), y1 = Math.Min(h, y + radius + 1), x0 = Math.Max(0, x - radius), x1 = Math.Min(w, x + radius + 1);
                    double window = sum[y1 * (w + 1) + x1] - sum[y0 * (w + 1) + x1] - sum[y1 * (w + 1) + x0] + sum[y0 * (w + 1) + x0];
                    activity[c * plane + y * w + x] = (float)(window / ((y1 - y0) * (x1 - x0)));
                }
        }
        return activity;
    }

    /// <summary>
    /// Thresholds that split <paramref name="values"/> into <paramref name="strata"/> groups of equal size (the
    /// <paramref name="strata"/> - 1 inner quantiles).
    /// </summary>
    internal static float[] StratumThresholds(float[] values, int strata)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return Enumerable.Range(1, strata - 1).Select(s => sorted.Length == 0 ? 0f : sorted[Math.Clamp(s * sorted.Length / strata - 1, 0, sorted.Length - 1)]).ToArray();
    }

    /// <summary>The stratum of <paramref name="value"/>: how many thresholds it exceeds.</summary>
    internal static int StratumOf(float value, float[] thresholds)
    {
        int s = 0;
        while (s < thresholds.Length && value > thresholds[s]) s++;
        return s;
    }

    /// <summary>
    /// The convex combination of <paramref name="predictions"/> with the least mean absolute error against
    /// <paramref name="truth"/> (the hole NMAE's criterion; it also keeps the squared error close to its own minimum):
    /// least squares, then iteratively reweighted least squares with weights 1 / |residual|.
    /// </summary>
    internal static double[] ConvexLeastAbsolute(IReadOnlyList<float[]> predictions, float[] truth, int rounds = 10)
    {
        var weights = ConvexLeastSquares(predictions, truth);
        var sampleWeights = new double[truth.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < truth.Length; i++)
            {
                double v = 0;
                for (int j = 0; j < weights.Length; j++) v += weights[j] * predictions[j][i];
                sampleWeights[i] = 1 / Math.Max(Math.Abs(v - truth[i]), 1e-3); // floor: 1/4 of a grey level
            }
            weights = ConvexLeastSquares(predictions, truth, sampleWeights);
        }
        return weights;
    }

    /// <summary>
    /// The convex combination of <paramref name="predictions"/> closest to <paramref name="truth"/> in (weighted) squared
    /// error: every subset of predictors is solved by least squares under sum-to-one, and the best one whose weights are
    /// all non-negative wins (four predictors: fifteen small solves).
    /// </summary>
    /// <param name="predictions">Each predictor's values at the same held-out pixels.</param>
    /// <param name="truth">The observed values there.</param>
    /// <param name="sampleWeights">Per-pixel weights of the squared error; null = all 1.</param>
    internal static double[] ConvexLeastSquares(IReadOnlyList<float[]> predictions, float[] truth, double[]? sampleWeights = null)
    {
        int k = predictions.Count;
        double[] best = new double[k];
        double bestError = double.PositiveInfinity;
        for (int subset = 1; subset < 1 << k; subset++)
        {
            var members = Enumerable.Range(0, k).Where(j => (subset & (1 << j)) != 0).ToArray();
            if (Solve(predictions, truth, members, sampleWeights) is not { } weights) continue;
            var full = new double[k];
            for (int m = 0; m < members.Length; m++) full[members[m]] = weights[m];
            double error = Error(predictions, truth, full, sampleWeights);
            if (error < bestError)
            {
                bestError = error;
                best = full;
            }
        }
        return best;
    }

    /// <summary>Mean (weighted) squared error of the combination <paramref name="weights"/>.</summary>
    internal static double Error(IReadOnlyList<float[]> predictions, float[] truth, double[] weights, double[]? sampleWeights = null)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double v = 0;
            for (int j = 0; j < weights.Length; j++) v += weights[j] * predictions[j][i];
            sum += (sampleWeights?[i] ?? 1) * (v - truth[i]) * (v - truth[i]);
        }
        return truth.Length == 0 ? 0 : sum / truth.Length;
    }

    /// <summary>Mean absolute error of the combination <paramref name="weights"/>.</summary>
    internal static double AbsoluteError(IReadOnlyList<float[]> predictions, float[] truth, double[] weights)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double v = 0;
            for (int j = 0; j < weights.Length; j++) v += weights[j] * predictions[j][i];
            sum += Math.Abs(v - truth[i]);
        }
        return truth.Length == 0 ? 0 : sum / truth.Length;
    }

    /// <summary>
    /// (Weighted) least squares of truth on the members under sum-to-one: with the last member as the base, the others'
    /// weights solve the normal equations of (p_j - p_last) against (truth - p_last). Null when singular or a weight is negative.
    /// </summary>
    private static double[]? Solve(IReadOnlyList<float[]> predictions, float[] truth, int[] members, double[]? sampleWeights)
    {
        int n = members.Length - 1;
        if (n == 0) return [1.0];
        var last = predictions[members[^1]];
        var a = new double[n, n];
        var b = new double[n];
        for (int i = 0; i < truth.Length; i++)
        {
            double r = truth[i] - last[i], u = sampleWeights?[i] ?? 1;
            for (int p = 0; p < n; p++)
            {
                double dp = predictions[members[p]][i] - last[i];
                b[p] += u * dp * r;
                for (int q = 0; q < n; q++) a[p, q] += u * dp * (predictions[members[q]][i] - last[i]);
            }
        }
        var x = SolveLinear(a, b);
        if (x is null) return null;
        var weights = new double[n + 1];
        Array.Copy(x, weights, n);
        weights[n] = 1 - x.Sum();
        return weights.All(v => v >= 0) ? weights : null;
    }

    /// <summary>Gaussian elimination with partial pivoting for a tiny system; null when (nearly) singular.</summary>
    internal static double[]? SolveLinear(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(m[i, i]));
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (Math.Abs(m[pivot, col]) <= 1e-12 * Math.Max(scale, 1e-30)) return null;
            for (int c = 0; c < n; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (int r = col + 1; r < n; r++)
            {
                double f = m[r, col] / m[col, col];
                for (int c = col; c < n; c++) m[r, c] -= f * m[col, c];
                v[r] -= f * v[col];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = v[r];
            for (int c = r + 1; c < n; c++) s -= m[r, c] * x[c];
            x[r] = s / m[r, r];
        }
        return x;
    }
}
