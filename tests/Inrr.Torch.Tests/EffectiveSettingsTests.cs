using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>The settings a fit of one picture size runs with, computed in one place (<see cref="CompletionOptions.ForSize"/>).</summary>
[TestClass]
public sealed class EffectiveSettingsTests
{
    [TestMethod]
    public void SmallPictures_GetProportionallyMoreSteps_UpToFourTimes()
    {
        var guided = CompletionOptions.Guided;

        Assert.AreEqual(300, guided.ForSize(256, 256).Steps, "the reference size");
        Assert.AreEqual(300, guided.ForSize(512, 512).Steps, "never fewer than Steps");
        Assert.AreEqual(600, guided.ForSize(128, 256).Steps);
        Assert.AreEqual(1200, guided.ForSize(128, 128).Steps);
        Assert.AreEqual(1200, guided.ForSize(32, 32).Steps, "at most 4x");
        Assert.AreEqual(100, guided.ForSize(128, 128).RefitSteps, "the refit scales with the steps");
        Assert.AreEqual(25, guided.ForSize(256, 256).RefitSteps);
        Assert.AreEqual(0, guided.ForSize(128, 128).ReferencePixels, "the scaled options are exact: they rerun the same fit");
        Assert.AreEqual(1000, CompletionOptions.Fast.ForSize(64, 64).Steps, "Fast and Paper run exactly Steps");
        Assert.AreEqual(900, guided.ForSize(128, 128).CoarseSteps, "the coarse stage and the restart follow the scaled steps");
        Assert.AreEqual(900, guided.ForSize(128, 128).RestartStep);
    }

    [TestMethod]
    public void RefitSteps_WithoutHeldOutPixels_IsANoOp_ThatTheEffectiveOptionsSay()
    {
        var unheld = CompletionOptions.Guided with { HoldoutFraction = 0, ClassicalGuide = null };
        Assert.AreEqual(25, unheld.RefitSteps, "the option as given");
        Assert.AreEqual(0, unheld.ActiveRefitSteps);
        Assert.AreEqual(0, unheld.ForSize(128, 128).RefitSteps, "the fit runs none");
        Assert.AreEqual(0, unheld.ForSize(256, 256).RefitSteps);
        Assert.IsFalse(unheld.Describe().Contains("refit", StringComparison.Ordinal), unheld.Describe());
        StringAssert.Contains(CompletionOptions.Guided.Describe(), "25 refit steps");

        // A fit with such options runs exactly its steps and says so in its result's options.
        var picture = SyntheticImage.Facade(16, 16, 1);
        var mask = MaskFactory.Random(16, 16, 0.4, seed: 1);
        var result = new CompletionFitter(unheld with { Steps = 6, ReferencePixels = 0, Representation = TestImages.SmallSiren, Threads = 1 })
            .Fit(mask.Apply(picture), mask);
        Assert.AreEqual(6, result.StepsRun);
        Assert.AreEqual(0, result.Options.RefitSteps);
    }

    [TestMethod]
    public void StepsFor_IsWhatTheFitRunsAndReports()
    {
        var picture = SyntheticImage.Facade(20, 20, 1);
        var mask = MaskFactory.Random(20, 20, 0.4, seed: 1);
        var options = CompletionOptions.Guided with { Steps = 5, ReferencePixels = 1600, Representation = TestImages.SmallSiren, Threads = 1 };
        var reported = new List<FitProgress>();
        var result = new CompletionFitter(options).Fit(mask.Apply(picture), mask, progress: new SynchronousProgress<FitProgress>(reported.Add));
        Assert.AreEqual(20, options.StepsFor(20, 20), "4x the steps below the reference size");
        Assert.AreEqual(options.StepsFor(20, 20), result.StepsRun);
        Assert.IsTrue(reported.All(p => p.TotalSteps == options.StepsFor(20, 20)));
        Assert.AreEqual(options.StepsFor(20, 20) - 1, reported[^1].Step);
        Assert.AreEqual(0, CompletionOptions.Telea.StepsFor(20, 20), "a classical method runs no steps");
        Assert.AreEqual(options.StepsFor(20, 20), FitEstimate.For(options, 1, 20, 20).Steps, "the estimate counts the same steps");
    }

    [TestMethod]
    public void TheEstimate_CountsTheCoarseStepsTheFitRuns_AndTheRefit()
    {
        // A representation that cannot run on a coarse grid runs every step on the full grid whatever CoarseFraction says.
        var dmf = CompletionOptions.Guided with { Representation = new Representations.DeepMatrixFactorizationOptions(), ReferencePixels = 0 };
        var dmfAllCoarse = dmf with { CoarseFraction = 0.9 };
        Assert.AreEqual(0, dmfAllCoarse.CoarseSteps);
        Assert.AreEqual(FitEstimate.For(dmf with { CoarseFraction = 0 }, 1, 64, 64).Duration, FitEstimate.For(dmfAllCoarse, 1, 64, 64).Duration);
        var noRefit = CompletionOptions.Guided with { RefitSteps = 0 };
        Assert.IsTrue(FitEstimate.For(CompletionOptions.Guided, 1, 256, 256).Duration > FitEstimate.For(noRefit, 1, 256, 256).Duration,
            "the refit's steps cost time");
    }
}
