using TorchSharp;
using Inrr.Torch.Classical;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Regularizers;

namespace Inrr.Torch.Tests;

/// <summary>The classical inpainters, the masks of the quality matrix, the held-out blend and the INRR size scale.</summary>
[TestClass]
public sealed class ClassicalGuideTests
{
    [TestMethod]
    [DataRow(ClassicalInpaintMethod.Telea)]
    [DataRow(ClassicalInpaintMethod.NavierStokes)]
    [DataRow(ClassicalInpaintMethod.FrequencySelective)]
    public void Inpaint_KeepsObservedPixelsAndContinuesASmoothRamp(ClassicalInpaintMethod method)
    {
        // A horizontal ramp 0.2 -> 0.8 with a 6 x 6 hole: both methods continue it to within a few grey levels.
        var ramp = new ImageData(1, 32, 32, Enumerable.Range(0, 32 * 32).Select(i => 0.2f + 0.6f * (i % 32) / 31f).ToArray());
        var mask = MaskFactory.Patch(32, 32, new PixelRect(13, 13, 6, 6));
        var observed = mask.Apply(ramp, holeValue: float.NaN);

        var filled = ClassicalInpainter.Inpaint(observed, mask, method);

        for (int i = 0; i < mask.Values.Length; i++)
            if (mask.Values[i] == 1f) Assert.AreEqual(ramp.Pixels[i], filled.Pixels[i], "observed pixels come back as given");
        Assert.IsTrue(filled.Pixels.All(float.IsFinite), "NaN in the holes must not reach the fill");
        double nmae = ImageMetrics.NmaeHoles(filled, ramp, mask);
        Assert.IsTrue(nmae < 0.05, $"{method} hole NMAE {nmae} on a ramp");
    }

    [TestMethod]
    public void Inpaint_FillsEveryChannelOfAColourPicture()
    {
        var truth = SyntheticImage.Facade(32, 32, channels: 3);
        var mask = MaskFactory.Strokes(32, 32, 0.1, seed: 2);

        var filled = ClassicalInpainter.Inpaint(mask.Apply(truth), mask, ClassicalInpaintMethod.NavierStokes);

        Assert.AreEqual(3, filled.Channels);
        var holes = ImageMetrics.Evaluate(filled, truth, mask);
        var black = ImageMetrics.Evaluate(mask.Apply(truth), truth, mask);
        Assert.IsTrue(holes.PsnrHoles > black.PsnrHoles + 10, $"hole PSNR {holes.PsnrHoles} dB vs {black.PsnrHoles} dB with black holes");
    }

    /// <summary>
    /// Frequency Selective Reconstruction models each block as a few Fourier basis functions, so a periodic texture
    /// continues through thin scratches where diffusion smooths it to its local mean. Measured (seed 1): hole NMAE about
    /// 0.009 on the fine stripes against 0.35 for Navier-Stokes.
    /// </summary>
    [TestMethod]
    public void FrequencySelective_ContinuesATextureThatDiffusionSmooths()
    {
        var stripes = new ImageData(1, 48, 48, Enumerable.Range(0, 48 * 48)
            .Select(i => 0.5f + 0.35f * MathF.Sin(2 * MathF.PI * (i % 48 + i / 48) / 6f)).ToArray());
        var mask = MaskFactory.Strokes(48, 48, 0.1, seed: 1);

        double Nmae(ClassicalInpaintMethod method) => ImageMetrics.NmaeHoles(ClassicalInpainter.Inpaint(mask.Apply(stripes), mask, method), stripes, mask);

        double fsr = Nmae(ClassicalInpaintMethod.FrequencySelective), ns = Nmae(ClassicalInpaintMethod.NavierStokes);
        Assert.IsTrue(fsr < 0.2 * ns, $"Frequency Selective Reconstruction {fsr:F4} vs Navier-Stokes {ns:F4}");
    }

    [TestMethod]
    [DataRow(1, 2)]
    [DataRow(3, 5)]
    [DataRow(7, 40)]
    public void FrequencySelective_FillsPicturesSmallerThanItsBlocks(int height, int width)
    {
        var truth = new ImageData(3, height, width, Enumerable.Range(0, 3 * height * width).Select(i => (i % 7) / 7f).ToArray());
        var values = Enumerable.Repeat(1f, height * width).ToArray();
        values[height * width / 2] = 0f;
        if (height * width >= 4) values[0] = 0f;
        var mask = new Mask(height, width, values);

        var filled = ClassicalInpainter.Inpaint(mask.Apply(truth), mask, ClassicalInpaintMethod.FrequencySelective);

        Assert.IsTrue(filled.Pixels.All(v => float.IsFinite(v) && v is >= 0 and <= 1), "values in [0, 1]");
    }

    [TestMethod]
    public void Inpaint_RejectsABadRadiusNamingIt()
    {
        var image = SyntheticImage.Facade(16, 16);
        var mask = MaskFactory.Random(16, 16, 0.2, seed: 1);

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassicalInpainter.Inpaint(image, mask, ClassicalInpaintMethod.Telea, radius: 0));
        Assert.AreEqual("radius", e.ParamName);
    }

    [TestMethod]
    public void ClassicalMethods_ReturnTheFillAsAResultWithoutFittingANetwork()
    {
        var truth = SyntheticImage.Facade(24, 24);
        var mask = MaskFactory.Text(24, 24, "AB", scale: 2);

        var result = new CompletionFitter(CompletionOptions.NavierStokes).Fit(mask.Apply(truth), mask, truth);

        Assert.AreEqual(0, result.StepsRun);
        CollectionAssert.AreEqual(ClassicalInpainter.Inpaint(mask.Apply(truth), mask, ClassicalInpaintMethod.NavierStokes).Pixels, result.Completed.Pixels);
        Assert.IsNotNull(result.History.Single().Metrics, "with a truth the one history entry carries the metrics");
    }

    [TestMethod]
    [DataRow(64, 64, 0.1)]
    [DataRow(128, 96, 0.1)]
    [DataRow(40, 40, 0.3)]
    public void Strokes_MissAboutTheAskedFractionAndAreSeeded(int height, int width, double fraction)
    {
        var mask = MaskFactory.Strokes(height, width, fraction, seed: 5);

        Assert.IsTrue(mask.MissingFraction >= fraction && mask.MissingFraction < fraction + 0.02, $"missing {mask.MissingFraction}");
        CollectionAssert.AreEqual(mask.Values, MaskFactory.Strokes(height, width, fraction, seed: 5).Values);
        CollectionAssert.AreNotEqual(mask.Values, MaskFactory.Strokes(height, width, fraction, seed: 6).Values);
    }

    [TestMethod]
    public void Strokes_AreThickConnectedCurvesNotScatteredPixels()
    {
        var mask = MaskFactory.Strokes(128, 128, 0.1, seed: 1);

        // Nearly every hole pixel has a hole pixel on each side along some axis: brush strokes, not dust.
        int holes = 0, inside = 0;
        for (int y = 1; y < 127; y++)
            for (int x = 1; x < 127; x++)
            {
                if (mask.IsObserved(y, x)) continue;
                holes++;
                if ((!mask.IsObserved(y - 1, x) && !mask.IsObserved(y + 1, x)) || (!mask.IsObserved(y, x - 1) && !mask.IsObserved(y, x + 1))) inside++;
            }
        Assert.IsTrue(inside > 0.6 * holes, $"{inside} of {holes} hole pixels lie inside a stroke");
    }

    [TestMethod]
    public void Blocks_MissAboutTheAskedFractionInRectangles()
    {
        var mask = MaskFactory.Blocks(128, 128, 0.08, seed: 1);

        Assert.IsTrue(mask.MissingFraction is >= 0.08 and < 0.12, $"missing {mask.MissingFraction}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MaskFactory.Blocks(64, 64, 0.9));
    }

    [TestMethod]
    public void ConvexLeastSquares_RecoversAKnownMixture()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble()).ToArray();
        var c = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble()).ToArray();
        var truth = a.Zip(b, (x, y) => 0.3f * x + 0.7f * y).ToArray();

        var w = BlendSolver.ConvexLeastSquares([a, b, c], truth);

        Assert.AreEqual(0.3, w[0], 1e-4);
        Assert.AreEqual(0.7, w[1], 1e-4);
        Assert.AreEqual(0.0, w[2], 1e-4);
    }

    [TestMethod]
    public void CrossCheckedGain_IsClearWhenTheBlendHelps_AndNearZeroWhenItOnlyFitsNoise()
    {
        var random = new Random(5);
        int n = 2000;
        float Noise(double size) => (float)(size * (random.NextDouble() - 0.5));
        var truth = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var group = Enumerable.Range(0, n).Select(i => i / 20).ToArray(); // 100 groups of 20
        var fold = group.Select(g => g % 2).ToArray();
        var classical = truth.Select(t => t + Noise(0.2)).ToArray();

        // A network much closer to the truth than the classical fill: the blend gains, far beyond its error.
        var good = truth.Select(t => t + Noise(0.05)).ToArray();
        var (gain, error) = BlendSolver.CrossCheckedGainOver([good, classical], truth, reference: 1, fold, group);
        Assert.IsTrue(gain > 0.03 && gain > 10 * error, $"gain {gain} +- {error}");

        // A network no better than the classical fill, with its own noise: what the blend gains in fitting it does not
        // keep on the other half.
        var same = truth.Select(t => t + Noise(0.2)).ToArray();
        (gain, error) = BlendSolver.CrossCheckedGainOver([same, classical], truth, reference: 1, fold, group);
        Assert.IsTrue(Math.Abs(gain) < 0.02, $"gain {gain} +- {error}");
        Assert.IsTrue(error > 0, "a spread over the groups");
    }

    [TestMethod]
    public void TheGate_GivesTheHolesTheBestClassicalFillAlone_WhenTheBlendIsNotSureEnough()
    {
        var truth = SyntheticImage.Facade(32, 32);
        var mask = MaskFactory.Strokes(32, 32, 0.1, seed: 2);
        var options = CompletionOptions.Guided with { Steps = 8, ReferencePixels = 0, Threads = 1, Representation = TestImages.SmallSiren };
        var open = new CompletionFitter(options).Fit(mask.Apply(truth), mask).Blend!;
        Assert.IsFalse(open.Gated, "0 = always blend");
        Assert.IsTrue(double.IsFinite(open.CrossCheckedGain) && open.CrossCheckedGainError > 0);

        var strict = options with { ClassicalGuide = options.ClassicalGuide! with { BlendConfidence = 1e9 } };
        var result = new CompletionFitter(strict).Fit(mask.Apply(truth), mask);
        var gated = result.Blend!;
        Assert.IsTrue(gated.Gated, $"gain {gated.CrossCheckedGain} +- {gated.CrossCheckedGainError} is not 1e9 errors");
        Assert.AreEqual(0, gated.Network);
        Assert.AreEqual(1, new[] { gated.NavierStokes, gated.Telea, gated.FrequencySelective, gated.LowRank }.Max(), "one classical fill alone");
        var fills = ClassicalFills.Compute(mask.Apply(truth), mask, strict.ClassicalGuide!, [], gated.LowRankRank);
        var chosen = gated.NavierStokes == 1 ? fills.NavierStokes : gated.Telea == 1 ? fills.Telea
            : gated.FrequencySelective == 1 ? fills.FrequencySelective! : fills.LowRank!;
        for (int i = 0; i < mask.Values.Length; i++)
            if (mask.Values[i] == 0f) Assert.AreEqual(chosen.Pixels[i], result.Completed.Pixels[i], $"hole pixel {i} holds the chosen fill");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (options.ClassicalGuide with { BlendConfidence = -1 }).Validate());
    }

    [TestMethod]
    public void LocalActivity_IsFlatOnASmoothGradient_AndHighAmongWindows()
    {
        var pixels = new float[32 * 32];
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                pixels[y * 32 + x] = 0.2f + 0.02f * y + 0.01f * x;        // a sky: slope, no curvature
        var activity = BlendSolver.LocalActivity(new ImageData(1, 32, 32, pixels));
        Assert.IsTrue(activity.Skip(32 * 4).Take(32 * 24).Where((_, i) => i % 32 is > 3 and < 28).All(a => a < 1e-5),
            $"inside the ramp {activity[16 * 32 + 16]}");

        var facade = BlendSolver.LocalActivity(SyntheticImage.Facade(64, 64));
        Assert.IsTrue(facade[48 * 64 + 32] > 0.05, $"among the windows {facade[48 * 64 + 32]}");
        Assert.IsTrue(facade[4 * 64 + 20] < 1e-3, $"in the sky {facade[4 * 64 + 20]}");
    }

    [TestMethod]
    public void BlendStrata_GiveEachActivityGroupTheFillThatIsRightThere()
    {
        // Fill a is right on the first half of the pixels, fill b on the second; one set of weights must compromise.
        var random = new Random(7);
        int n = 400;
        var truth = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var a = truth.Select((t, i) => i < n / 2 ? t : t + 0.3f * (float)(random.NextDouble() - 0.5)).ToArray();
        var b = truth.Select((t, i) => i >= n / 2 ? t : t + 0.3f * (float)(random.NextDouble() - 0.5)).ToArray();
        var activity = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        var thresholds = BlendSolver.StratumThresholds(activity, 2);
        var stratum = activity.Select(v => BlendSolver.StratumOf(v, thresholds)).ToArray();
        Assert.AreEqual(n / 2, stratum.Count(s => s == 0), "equal groups");

        var weights = BlendSolver.ConvexLeastAbsoluteByStratum([a, b], truth, Enumerable.Range(0, n).ToArray(), stratum, 2);

        Assert.AreEqual(1.0, weights[0][0], 1e-3, "group 0 takes a");
        Assert.AreEqual(1.0, weights[1][1], 1e-3, "group 1 takes b");
        var one = BlendSolver.ConvexLeastAbsoluteByStratum([a, b], truth, Enumerable.Range(0, n).ToArray(), null, 1);
        Assert.AreEqual(1, one.Length);
        Assert.IsTrue(one[0][0] is > 0.2 and < 0.8, $"one set of weights mixes: {one[0][0]}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassicalGuideOptions { BlendStrata = 0 }.Validate());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassicalGuideOptions { BlendStrata = ClassicalGuideOptions.MaxBlendStrata + 1 }.Validate());
    }

    [TestMethod]
    public void ConvexLeastSquares_StaysNonNegativeWhenTheBestMixIsOutside()
    {
        // truth = 2a - b: the unconstrained optimum has weight -1 on b; the convex one puts everything on a.
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 2, 2, 2, 2 };
        var truth = a.Zip(b, (x, y) => 2 * x - y).ToArray();

        var w = BlendSolver.ConvexLeastSquares([a, b], truth);

        Assert.AreEqual(1.0, w[0], 1e-9);
        Assert.AreEqual(0.0, w[1], 1e-9);
    }

    [TestMethod]
    public void InrrWeights_MeanTheSameAtEverySize()
    {
        var options = new InrrOptions();

        Assert.AreEqual((1.0, 1.0), options.SizeScale(256, 256), "the paper's weight is the paper's at 256 x 256");
        Assert.AreEqual((8.0, 8.0), options.SizeScale(128, 128), "the energy is 8x smaller at half the side");
        var (rows, columns) = options.SizeScale(128, 256);
        Assert.AreEqual(256.0 * 256 * 256 / (128.0 * 128 * 256), rows);
        Assert.AreEqual(256.0 * 256 * 256 / (256.0 * 256 * 128), columns);
        Assert.AreEqual((1.0, 1.0), (options with { ReferenceSide = 0 }).SizeScale(64, 64), "0 = the weights as given (the Paper preset)");
        Assert.AreEqual(0, CompletionOptions.Paper.Regularizers.OfType<InrrOptions>().Single().ReferenceSide);
    }

    [TestMethod]
    public void HoleShapedHoldout_TakesObservedPixelsInTheShapeOfTheHoles()
    {
        var mask = MaskFactory.Patch(64, 64, new PixelRect(10, 10, 8, 8));
        using var shaped = Holdout.Create(mask, 0.02, seed: 1, HoldoutShape.HoleShaped);
        using var scattered = Holdout.Create(mask, 0.02, seed: 1, HoldoutShape.Random);

        Assert.AreEqual((int)Math.Round(0.02 * mask.ObservedCount), shaped.Count);
        var held = shaped.Indices(1);
        Assert.IsTrue(held.All(i => mask.Values[i] == 1f), "only observed pixels are held out");
        Assert.IsTrue(held.All(i => shaped.Train.Values[i] == 0f), "held-out pixels leave the training mask");
        Assert.IsTrue(Clustering(shaped.Indices(1), 64) > 0.6, "shifted blocks: held-out pixels have held-out neighbours");
        Assert.IsTrue(Clustering(scattered.Indices(1), 64) < 0.3, "scattered pixels mostly do not");
    }

    /// <summary>Fraction of the pixels with a 4-neighbour in the same set.</summary>
    private static double Clustering(int[] pixels, int width)
    {
        var set = pixels.ToHashSet();
        return pixels.Count(i => set.Contains(i - 1) || set.Contains(i + 1) || set.Contains(i - width) || set.Contains(i + width)) / (double)pixels.Length;
    }
}

/// <summary>The default completion against what a user would pick instead, on a small structured case.</summary>
[TestClass]
public sealed class DefaultCompletionTests
{
    /// <summary>
    /// A caption over the built-in facade at 48 x 48: Navier-Stokes can only blur the window edges into the letters and
    /// vanilla SIREN guesses, while the default's held-out blend takes the low-rank fill that copies the repeating
    /// windows. Measured (seed 0, 60 steps): hole NMAE about 0.02 default, 0.10 Navier-Stokes, 0.15 vanilla.
    /// </summary>
    [TestMethod]
    public void Default_BeatsNavierStokesAndVanilla_OnTextOverARepeatingFacade()
    {
        var truth = SyntheticImage.Facade(48, 48);
        var mask = MaskFactory.Text(48, 48, "INRR", scale: 2);
        var observed = mask.Apply(truth);
        double Nmae(CompletionOptions options) => ImageMetrics.NmaeHoles(new CompletionFitter(options).Fit(observed, mask).Completed, truth, mask);

        double guided = Nmae(CompletionOptions.Guided with { Steps = 60, Threads = 1 });
        double ns = Nmae(CompletionOptions.NavierStokes);
        double vanilla = Nmae(CompletionOptions.Fast with { Steps = 60, Threads = 1, Regularizers = [] });

        Assert.IsTrue(guided < 0.7 * ns, $"default {guided:F4} vs Navier-Stokes {ns:F4}");
        Assert.IsTrue(guided < 0.7 * vanilla, $"default {guided:F4} vs vanilla {vanilla:F4}");
    }

    [TestMethod]
    public void Default_RecordsItsBlend_AndKeepsObservedPixels()
    {
        var truth = SyntheticImage.Facade(32, 32);
        var mask = MaskFactory.Strokes(32, 32, 0.1, seed: 3);

        var result = new CompletionFitter(CompletionOptions.Guided with { Steps = 20, Threads = 1 }).Fit(mask.Apply(truth), mask);

        Assert.IsNotNull(result.Blend);
        var weights = new[] { result.Blend.Network, result.Blend.NavierStokes, result.Blend.Telea, result.Blend.FrequencySelective, result.Blend.LowRank };
        Assert.AreEqual(1.0, weights.Sum(), 1e-9, "convex weights");
        Assert.IsTrue(weights.All(w => w >= 0));
        Assert.IsTrue(LowRankFill.CandidateRanks.Contains(result.Blend.LowRankRank));
        for (int i = 0; i < mask.Values.Length; i++)
            if (mask.Values[i] == 1f) Assert.AreEqual(truth.Pixels[i], result.Completed.Pixels[i]);
    }

    [TestMethod]
    public void LowRankFill_RestoresAnExactlyLowRankPicture()
    {
        // Rank 2: an outer product of two profiles plus a constant row pattern.
        var pixels = new float[40 * 40];
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 40; x++)
                pixels[y * 40 + x] = 0.2f + 0.3f * (float)Math.Sin(y / 5.0) * (float)Math.Cos(x / 7.0) + 0.1f * (x % 4);
        var truth = new ImageData(1, 40, 40, pixels);
        var mask = MaskFactory.Random(40, 40, 0.4, seed: 2);

        var filled = LowRankFill.Fill(mask.Apply(truth), mask, rank: 2, iterations: 200);

        Assert.IsTrue(ImageMetrics.NmaeHoles(filled, truth, mask) < 0.01, $"hole NMAE {ImageMetrics.NmaeHoles(filled, truth, mask)}");
    }
}

/// <summary>More steps for small pictures (<see cref="CompletionOptions.ReferencePixels"/>).</summary>
[TestClass]
public sealed class StepScalingTests
{
    [TestMethod]
    public void ThePrior_WeighsLess_WhenMostOfThePictureIsMissing()
    {
        var guide = new ClassicalGuideOptions();
        Assert.AreEqual(1, guide.PriorScale(0.10));
        Assert.AreEqual(1, guide.PriorScale(0.15));
        // The odds ratio: the prior's pixels against the data term's as with 15 % missing.
        Assert.AreEqual(0.15 / 0.85, guide.PriorScale(0.5), 1e-12);
        Assert.AreEqual(0.15 / 0.85 / 3, guide.PriorScale(0.75), 1e-12);

        // The stage carries each picture's scale on its unused pixels (holes and held-out), 0 elsewhere.
        using var observed = torch.rand(2, 1, 4, 4);
        using var train = torch.tensor(new float[] { 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0 }).reshape(2, 1, 4, 4);
        using var prior = torch.rand(2, 1, 4, 4);
        using var stage = FitStage.Full(observed, train, prior, [1, 0.3]);
        using var expected = (1 - train) * torch.tensor(new float[] { 1, 0.3f }).reshape(2, 1, 1, 1);
        Assert.IsTrue(stage.PriorWeight!.allclose(expected), "full grid");
        using var coarse = FitStage.Coarse(observed, train, 2, prior, [1, 0.3]);
        using var expectedCoarse = torch.nn.functional.avg_pool2d(1 - train, 2) * torch.tensor(new float[] { 1, 0.3f }).reshape(2, 1, 1, 1);
        Assert.IsTrue(coarse.PriorWeight!.allclose(expectedCoarse), "coarse grid: the share of unused pixels per cell, scaled");

        // In a fit: above the share the setting changes the result, below it nothing changes.
        var truth = SyntheticImage.Facade(24, 24);
        var options = CompletionOptions.Guided with { Steps = 6, ReferencePixels = 0, Threads = 1 };
        var fullWeight = options with { ClassicalGuide = guide with { PriorFullWeightMissingShare = 1 } };
        var half = MaskFactory.Random(24, 24, 0.5, seed: 1);
        CollectionAssert.AreNotEqual(new CompletionFitter(options).Fit(half.Apply(truth), half).RawOutput.Pixels,
            new CompletionFitter(fullWeight).Fit(half.Apply(truth), half).RawOutput.Pixels, "half missing: the prior is scaled");
        var few = MaskFactory.Random(24, 24, 0.1, seed: 1);
        CollectionAssert.AreEqual(new CompletionFitter(options).Fit(few.Apply(truth), few).RawOutput.Pixels,
            new CompletionFitter(fullWeight).Fit(few.Apply(truth), few).RawOutput.Pixels, "10 % missing: the full prior either way");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (guide with { PriorFullWeightMissingShare = 0 }).Validate());
    }

    [TestMethod]
    public void TheResultRecordsTheStepsItRan()
    {
        var truth = SyntheticImage.Facade(32, 32);
        var mask = MaskFactory.Random(32, 32, 0.3, seed: 1);

        var result = new CompletionFitter(CompletionOptions.Guided with { Steps = 5, Threads = 1 }).Fit(mask.Apply(truth), mask);

        Assert.AreEqual(20, result.StepsRun);
        Assert.AreEqual(20, result.Options.Steps);
        Assert.AreEqual(0, result.Options.ReferencePixels);
    }
}
