using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class CompletionFitterTests
{
    [TestMethod]
    public void Fit_KeepsObservedPixels_FillsHoles_AndLogsHistory()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var result = new CompletionFitter(TestImages.Quick(steps: 12)).Fit(mask.Apply(truth), mask, truth);

        Assert.AreEqual(StopReason.Completed, result.StopReason);
        Assert.AreEqual(12, result.StepsRun);
        for (int i = 0; i < mask.Values.Length; i++)
        {
            if (mask.Values[i] == 1f) Assert.AreEqual(truth.Pixels[i], result.Completed.Pixels[i]);
            else Assert.AreEqual(result.RawOutput.Pixels[i], result.Completed.Pixels[i]);
        }
        CollectionAssert.AreEqual(new[] { 0, 5, 10, 11 }, result.History.Select(h => h.Step).ToArray());
        Assert.IsTrue(result.History.All(h => h.Metrics is not null));
        Assert.AreEqual(0.0, result.History[0].RegularizerLosses["inrr"], "step 0 fits the data term alone");
        Assert.IsTrue(result.History[1].RegularizerLosses["inrr"] > 0);
        Assert.IsTrue(result.History[^1].DataLoss < result.History[0].DataLoss, "the data term must go down");
        var adjacency = result.Adjacency.Single();
        Assert.AreEqual("inrr", adjacency.Regularizer);
        Assert.AreEqual(24, adjacency.Rows.GetLength(0));
    }

    [TestMethod]
    public void Fit_SameSeed_SameNumbers_OtherSeed_OtherNumbers()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var observed = mask.Apply(truth);
        var options = TestImages.Quick(steps: 8);
        var a = new CompletionFitter(options).Fit(observed, mask);
        var b = new CompletionFitter(options).Fit(observed, mask);
        var c = new CompletionFitter(options with { Seed = 1 }).Fit(observed, mask);
        CollectionAssert.AreEqual(a.RawOutput.Pixels, b.RawOutput.Pixels);
        CollectionAssert.AreNotEqual(a.RawOutput.Pixels, c.RawOutput.Pixels);
    }

    [TestMethod]
    public void Fit_Rgb_SharesOneRepresentationWithThreeOutputs()
    {
        var truth = TestImages.Small(channels: 3);
        var mask = TestImages.HalfRandom();
        var result = new CompletionFitter(TestImages.Quick(steps: 6)).Fit(mask.Apply(truth), mask, truth);
        Assert.AreEqual(3, result.Completed.Channels);
        Assert.IsTrue(double.IsFinite(result.History[^1].Metrics!.PsnrHoles));
    }

    [TestMethod]
    public void Fit_EveryRepresentationAndRegularizer_RunsAndCombines()
    {
        var truth = TestImages.Small(size: 20);
        var mask = TestImages.HalfRandom(size: 20);
        RepresentationOptions[] representations =
        [
            new SirenOptions { HiddenWidth = 16, HiddenLayers = 2 },
            new FourierFeatureOptions { Features = 16, HiddenWidth = 16, HiddenLayers = 2 },
            new DeepMatrixFactorizationOptions { Depth = 3 },
        ];
        RegularizerOptions[] all =
        [
            new InrrOptions { Rank = 8, Width = 8, Layers = 2 },
            new AirOptions(),
            new TotalVariationOptions { P = 1 },
            new TotalVariationOptions { P = 2 },
            new WeightDecayOptions(),
            new CosineDirichletOptions(),
        ];
        foreach (var representation in representations)
        {
            var options = TestImages.Quick(steps: 4) with { Representation = representation, Regularizers = all };
            var result = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
            Assert.IsTrue(result.Completed.Pixels.All(float.IsFinite), representation.Describe());
            var last = result.History[^1];
            Assert.IsTrue(double.IsFinite(last.Loss));
            CollectionAssert.AreEquivalent(new[] { "inrr", "air", "tv", "tv-2", "l2", "cosine" }, last.RegularizerLosses.Keys.ToArray());
            CollectionAssert.AreEquivalent(new[] { "inrr", "air", "cosine" }, result.Adjacency.Select(a => a.Regularizer).ToArray());
        }
    }

    [TestMethod]
    public void Fit_Cancelled_ThrowsWithThePartialResult()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<FitProgress>(p => { if (p.Step >= 5) cts.Cancel(); });
        var e = Assert.ThrowsExactly<FitCancelledException>(() =>
            new CompletionFitter(TestImages.Quick(steps: 100)).Fit(mask.Apply(truth), mask, truth, progress, cts.Token));
        Assert.AreEqual(6, e.PartialResult.StepsRun);
        Assert.AreEqual(StopReason.Cancelled, e.PartialResult.StopReason);
        Assert.AreEqual(24 * 24, e.PartialResult.Completed.Pixels.Length);
        Assert.IsInstanceOfType<OperationCanceledException>(e);
    }

    [TestMethod]
    public void Fit_NaNInHoles_IsIgnored_NaNInObservedPixel_IsRejected()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var observed = mask.Apply(truth, holeValue: float.NaN);
        var result = new CompletionFitter(TestImages.Quick(steps: 3)).Fit(observed, mask);
        Assert.IsTrue(result.Completed.Pixels.All(float.IsFinite));

        int observedIndex = Array.IndexOf(mask.Values, 1f);
        observed.Pixels[observedIndex] = float.NaN;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CompletionFitter(TestImages.Quick(steps: 3)).Fit(observed, mask));
        Assert.AreEqual("image", e.ParamName);
        StringAssert.Contains(e.Message, "non-finite");
    }

    [TestMethod]
    public void Fit_BadMasks_AreRejected_NamingTheMask()
    {
        var image = TestImages.Small();
        var fitter = new CompletionFitter(TestImages.Quick(steps: 1));
        var wrongSize = TestImages.HalfRandom(size: 20);
        var allMissing = new Mask(24, 24, new float[24 * 24]);
        var noneMissing = new Mask(24, 24, Enumerable.Repeat(1f, 24 * 24).ToArray());

        var e = Assert.ThrowsExactly<ArgumentException>(() => fitter.Fit(image, wrongSize));
        Assert.AreEqual("mask", e.ParamName);
        StringAssert.Contains(e.Message, "20x20");
        e = Assert.ThrowsExactly<ArgumentException>(() => fitter.Fit(image, allMissing));
        StringAssert.Contains(e.Message, "no observed pixel");
        e = Assert.ThrowsExactly<ArgumentException>(() => fitter.Fit(image, noneMissing));
        StringAssert.Contains(e.Message, "no missing pixel");
    }

    [TestMethod]
    public void Fit_TruthOfOtherSize_IsRejected()
    {
        var mask = TestImages.HalfRandom();
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new CompletionFitter(TestImages.Quick(steps: 1)).Fit(TestImages.Small(), mask, TestImages.Small(channels: 3)));
        Assert.AreEqual("truth", e.ParamName);
    }

    [TestMethod]
    public void Options_OutOfRange_AreRejected_NamingTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CompletionFitter(new CompletionOptions { Steps = 0 }));
        Assert.AreEqual("Steps", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CompletionFitter(new CompletionOptions { Threads = -1 }));
        Assert.AreEqual("Threads", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new CompletionFitter(new CompletionOptions { Regularizers = [new TotalVariationOptions { P = 3 }] }));
        Assert.AreEqual("P", e.ParamName);
    }

    [TestMethod]
    public void Fit_Diverging_ThrowsClearError()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var options = TestImages.Quick(steps: 20) with
        {
            Representation = new DeepMatrixFactorizationOptions { LearningRate = 1e30, InitStd = 1 },
            Regularizers = [],
        };
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new CompletionFitter(options).Fit(truth, mask));
        StringAssert.Contains(e.Message, "diverged");
    }
}
