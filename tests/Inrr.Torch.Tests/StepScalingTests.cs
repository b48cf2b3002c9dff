using TorchSharp;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Tests;

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
