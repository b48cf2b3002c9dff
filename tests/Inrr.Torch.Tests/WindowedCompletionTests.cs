using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>Pictures larger than a window: completed around their holes, in windows, with only hole pixels changed.</summary>
[TestClass]
public sealed class WindowedCompletionTests
{
    private static readonly WindowOptions SmallWindows = new() { Size = 48, Margin = 8, Overlap = 8, ConcurrentFits = 1 };

    private static CompletionOptions Guided(int steps = 8) => CompletionOptions.Guided with
    {
        Steps = steps, Representation = TestImages.SmallSiren with { LearningRate = 1e-2 }, Threads = 1, LogInterval = 4,
        Windows = SmallWindows,
    };

    [TestMethod]
    public void Plan_CoversEveryHole_WeightsSumToOne_NoWindowLargerThanItsSize_NoWindowWithoutHoles()
    {
        const int height = 100, width = 130;
        var mask = MaskFactory.Combine(MaskFactory.Text(height, width, "AB C"), MaskFactory.Patch(height, width, new PixelRect(100, 70, 20, 20)));
        var plan = WindowPlan.For(mask, SmallWindows);
        Assert.IsTrue(plan.Windows.Count >= 2, "the picture needs several windows");
        foreach (var w in plan.Windows)
        {
            Assert.IsTrue(w.Bounds.Width <= SmallWindows.Size && w.Bounds.Height <= SmallWindows.Size, $"window {w.Index}: {w.Bounds}");
            Assert.IsTrue(w.MissingPixels > 0);
        }
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (mask.IsObserved(y, x)) continue;
                double sum = 0;
                foreach (var w in plan.Windows)
                {
                    double weight = plan.Weight(w, y, x);
                    if (weight > 0)
                        Assert.IsTrue(x >= w.Bounds.X && x < w.Bounds.X + w.Bounds.Width && y >= w.Bounds.Y && y < w.Bounds.Y + w.Bounds.Height,
                            $"hole ({y}, {x}) weighted by window {w.Index} {w.Bounds}, which does not hold it");
                    sum += weight;
                }
                Assert.AreEqual(1, sum, 1e-9, $"hole ({y}, {x})");
            }
        // Cells without holes get no window: the top-left corner of this mask is observed.
        var corner = MaskFactory.Patch(height, width, new PixelRect(110, 80, 5, 5));
        var one = WindowPlan.For(corner, SmallWindows);
        Assert.AreEqual(1, one.Windows.Count);
        // A picture that is all drop-outs tiles every cell.
        var random = MaskFactory.Random(height, width, 0.5, seed: 2);
        int cells = (int)Math.Ceiling(height / (double)SmallWindows.CoreSize) * (int)Math.Ceiling(width / (double)SmallWindows.CoreSize);
        Assert.AreEqual(cells, WindowPlan.For(random, SmallWindows).Windows.Count);
    }

    [TestMethod]
    public void AHoleLargerThanAWindow_GrowsItsWindowUntilItSeesObservedPixels()
    {
        var mask = MaskFactory.Patch(120, 120, new PixelRect(20, 20, 80, 80));
        var plan = WindowPlan.For(mask, SmallWindows);
        foreach (var w in plan.Windows)
            Assert.IsTrue(w.MissingPixels < w.Bounds.Width * w.Bounds.Height, $"window {w.Index} {w.Bounds} sees no observed pixel");
    }

    [TestMethod]
    public void ALargePicture_IsCompletedInWindows_ObservedPixelsBitIdentical_TheSamePixelsAtAnyConcurrency()
    {
        var image = SyntheticImage.Facade(90, 120, 3);
        var mask = MaskFactory.Combine(MaskFactory.Text(90, 120, "INRR"), MaskFactory.Patch(90, 120, new PixelRect(2, 2, 10, 8), new PixelRect(105, 75, 12, 10)));
        var options = Guided();
        var progress = new List<FitProgress>();
        var result = new CompletionFitter(options).Fit(image, mask, image, new SynchronousProgress<FitProgress>(progress.Add));
        Assert.IsTrue(result.Windows.Count >= 2, $"{result.Windows.Count} windows");
        Assert.AreEqual(result.Windows.Count, progress.Select(p => p.WindowIndex).Distinct().Count(), "every window reports its steps");
        Assert.IsTrue(progress.All(p => p.WindowCount == result.Windows.Count));
        for (int i = 0; i < image.PlaneSize; i++)
            for (int c = 0; c < 3; c++)
            {
                float got = result.Completed.Pixels[c * image.PlaneSize + i];
                if (mask.Values[i] == 1f) Assert.AreEqual(BitConverter.SingleToInt32Bits(image.Pixels[c * image.PlaneSize + i]), BitConverter.SingleToInt32Bits(got), $"observed pixel {i}");
                else Assert.IsTrue(float.IsFinite(got) && got is >= -0.01f and <= 1.01f, $"hole pixel {i}: {got}");
            }
        // Filled, not left at 0: better than the grey of the mean.
        var metrics = ImageMetrics.Evaluate(result.Completed, image, mask);
        var telea = ImageMetrics.Evaluate(new CompletionFitter(CompletionOptions.Telea).Fit(image, mask).Completed, image, mask);
        Assert.IsTrue(metrics.NmaeHoles < 2 * telea.NmaeHoles, $"windows {metrics.NmaeHoles:F4}, Telea {telea.NmaeHoles:F4}");
        Assert.AreEqual(result.Windows.Sum(w => w.StepsRun), result.StepsRun);

        var twoAtOnce = new CompletionFitter(options with { Windows = SmallWindows with { ConcurrentFits = 2 } }).Fit(image, mask, image);
        CollectionAssert.AreEqual(result.Completed.Pixels, twoAtOnce.Completed.Pixels, "the pixels do not depend on the concurrency");
    }

    [TestMethod]
    public void WindowsNull_OrASmallPicture_FitsTheWholePicture()
    {
        var image = TestImages.Small(40);
        var mask = MaskFactory.Text(40, 40, "A");
        Assert.AreEqual(0, new CompletionFitter(Guided() with { Windows = null }).Fit(TestImages.Small(60), MaskFactory.Text(60, 60, "AB")).Windows.Count);
        Assert.AreEqual(0, new CompletionFitter(Guided() with { Windows = SmallWindows with { Size = 64, Margin = 8 } }).Fit(image, mask).Windows.Count);
    }

    [TestMethod]
    public void Estimate_CountsTheWindowsTheHolesNeed_MemoryThatOfTheWindowsNotThePicture()
    {
        var options = CompletionOptions.Guided;
        var caption = MaskFactory.Patch(4000, 6000, new PixelRect(500, 3500, 5000, 60));
        var windowed = FitEstimate.For(options, 3, caption);
        var whole = FitEstimate.For(options with { Windows = null }, 3, 4000, 6000);
        var tiled = FitEstimate.For(options, 3, 4000, 6000); // no mask: every cell
        Assert.IsTrue(windowed.PeakBytes < 3L << 30, $"{FitEstimate.Format(windowed.PeakBytes)}");
        Assert.IsTrue(whole.PeakBytes > 20L << 30, $"{FitEstimate.Format(whole.PeakBytes)}");
        Assert.AreEqual(windowed.PeakBytes, tiled.PeakBytes);
        Assert.IsTrue(windowed.Duration < tiled.Duration / 20, $"{windowed.Duration} vs {tiled.Duration}");
        Assert.ThrowsExactly<ArgumentException>(() => new CompletionFitter(Guided()).Fit(SyntheticImage.Facade(90, 120, 1), MaskFactory.Text(90, 120, "A"),
            checkpoint: new FitCheckpoint(Path.Combine(Path.GetTempPath(), "never-written.ckpt"))));
    }

    [TestMethod]
    public void Cancellation_DuringTheClassicalFills_StopsWithinTwoSeconds()
    {
        // Frequency Selective Reconstruction of a large random mask takes many seconds in one call; the fit must not wait for it.
        var image = SyntheticImage.Facade(256, 256, 3);
        var mask = MaskFactory.Random(256, 256, 0.5, seed: 1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsExactly<OperationCanceledException>(() => new CompletionFitter(CompletionOptions.Guided with { Threads = 1, Windows = null }).Fit(image, mask, cancellationToken: cancel.Token));
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(2.3), $"{clock.Elapsed.TotalSeconds:F1} s");
    }
}
