using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class FitEstimateTests
{
    [TestMethod]
    public void Estimate_MatchesTheMeasuredPeaks_AndGrowsWithPixelsAndWidth()
    {
        // docs/benchmarks.md: Fast (SIREN 4x128) peaked at 314 MiB at 128 and 1395 MiB at 384, 704 MB at 256;
        // the paper's SIREN 5x256 at 483 MiB (128) and 1355 MiB (256). The estimate may be above, by at most 30 %.
        foreach (var (options, side, measuredMiB) in new[]
        {
            (CompletionOptions.Fast, 128, 314.0), (CompletionOptions.Fast, 384, 1395.0),
            (CompletionOptions.Paper, 128, 483.0), (CompletionOptions.Paper, 256, 1355.0),
        })
        {
            double estimatedMiB = FitEstimate.For(options with { Windows = null }, 1, side, side).PeakBytes / (double)(1 << 20);
            Assert.IsTrue(estimatedMiB >= measuredMiB && estimatedMiB <= 1.3 * measuredMiB,
                $"{options.Representation.Describe()} at {side}: estimated {estimatedMiB:F0} MiB, measured {measuredMiB} MiB");
        }
        var small = FitEstimate.For(CompletionOptions.Guided, 1, 256, 256);
        var large = FitEstimate.For(CompletionOptions.Guided with { Windows = null }, 1, 512, 512); // a whole-picture fit (windows bound it)
        Assert.IsTrue(large.PeakBytes - FitEstimate.FixedBytes > 3.5 * (small.PeakBytes - FitEstimate.FixedBytes), "memory grows with the pixels");
        Assert.IsTrue(FitEstimate.For(CompletionOptions.Telea, 1, 4000, 3000).PeakBytes < 2L << 30, "a classical fill needs little");
    }

    [TestMethod]
    public void AFitOverTheLimit_IsRefusedBeforeItStarts_NamingTheSizeThatFits()
    {
        var image = SyntheticImage.Facade(600, 800);
        var mask = MaskFactory.Random(600, 800, 0.3, seed: 1);
        var options = CompletionOptions.Guided with { MemoryLimitBytes = 1L << 30, Steps = 1, Threads = 1 };
        var e = Assert.Throws<FitTooLargeException>(() => new CompletionFitter(options).Fit(mask.Apply(image), mask));
        StringAssert.Contains(e.Message, "800x600 picture needs about");
        Assert.IsTrue(e.FitsWidth < 800 && e.FitsHeight < 600);
        Assert.IsTrue(FitEstimate.For(options, 1, e.FitsHeight, e.FitsWidth).PeakBytes <= options.MemoryLimitBytes);
        Assert.IsInstanceOfType<InvalidOperationException>(e, "ML.NET reports it as a row error");

        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => (CompletionOptions.Guided with { Threads = 100_000 }).Validate());
        Assert.AreEqual(nameof(CompletionOptions.Threads), threads.ParamName);
    }

    [TestMethod]
    public void AFitThatLearnsNothing_IsFlaggedDiverged_AGoodOneIsNot()
    {
        var image = SyntheticImage.Facade(24, 24);
        var mask = MaskFactory.Random(24, 24, 0.3, seed: 1);
        var tiny = new SirenOptions { HiddenWidth = 16, HiddenLayers = 2, LearningRate = 1e10 }; // --lr 1e10: far too high
        var options = CompletionOptions.Fast with { Representation = tiny, Steps = 40, Threads = 1, ReferencePixels = 0, CoarseFraction = 0, Regularizers = [] };
        Assert.IsTrue(new CompletionFitter(options).Fit(mask.Apply(image), mask).Diverged);
        var sane = options with { Representation = tiny with { LearningRate = 1e-3 } };
        Assert.IsFalse(new CompletionFitter(sane).Fit(mask.Apply(image), mask).Diverged);
    }

    [TestMethod]
    public void Metrics_OfAPictureSmallerThanTheSsimWindow_SkipSsimOnly()
    {
        var image = ImageIO.Resize(SyntheticImage.Facade(16, 16), 8, 8);
        var mask = MaskFactory.Random(8, 8, 0.3, seed: 1);
        var metrics = Inrr.Torch.Metrics.ImageMetrics.Evaluate(mask.Apply(image), image, mask);
        Assert.IsTrue(double.IsNaN(metrics.Ssim));
        Assert.IsTrue(double.IsFinite(metrics.PsnrHoles) && double.IsFinite(metrics.NmaeHoles));
    }
}
