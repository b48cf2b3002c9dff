using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Metrics;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>The speed levers of the fitter: coarse-to-fine, learning-rate schedule, output averaging, held-out early stopping.</summary>
[TestClass]
public sealed class FitScheduleTests
{
    [TestMethod]
    public void CoarseToFine_RunsCoarseThenFullGrid_AndLearns()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var options = TestImages.Quick(steps: 30) with { CoarseFraction = 2.0 / 3, LogInterval = 10 };
        Assert.AreEqual(20, options.CoarseSteps);
        var result = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
        Assert.AreEqual(30, result.StepsRun);
        Assert.AreEqual(24 * 24, result.Completed.Pixels.Length);
        // Metrics are always of the full-size estimate, so the coarse steps' quality is comparable.
        Assert.IsTrue(result.History[^1].Metrics!.PsnrHoles > result.History[0].Metrics!.PsnrHoles);
        var fullOnly = new CompletionFitter(options with { CoarseFraction = 0 }).Fit(mask.Apply(truth), mask);
        CollectionAssert.AreNotEqual(fullOnly.RawOutput.Pixels, result.RawOutput.Pixels, "the coarse stage must change the fit");
    }

    [TestMethod]
    public void CoarseToFine_IsSkipped_WhenAPartIsTiedToThePixelGrid()
    {
        var withDmf = TestImages.Quick(steps: 30) with { Representation = new DeepMatrixFactorizationOptions() };
        var withAir = TestImages.Quick(steps: 30) with { Regularizers = [new AirOptions()] };
        Assert.AreEqual(0, withDmf.CoarseSteps);
        Assert.AreEqual(0, withAir.CoarseSteps);
        Assert.AreEqual(9, (CompletionOptions.Fast with { Steps = 30 }).CoarseSteps, "the Fast preset's fraction 0.3");
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CompletionFitter(new CompletionOptions { CoarseFraction = 1 }));
        Assert.AreEqual("CoarseFraction", e.ParamName);
    }

    [TestMethod]
    public void CosineSchedule_ChangesTheFit_ConstantIsThePapers()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var constant = TestImages.Quick(steps: 12) with { LearningRateSchedule = LearningRateSchedule.Constant };
        var cosine = constant with { LearningRateSchedule = LearningRateSchedule.Cosine, FinalLearningRateFraction = 0.01 };
        var a = new CompletionFitter(constant).Fit(mask.Apply(truth), mask);
        var b = new CompletionFitter(cosine).Fit(mask.Apply(truth), mask);
        CollectionAssert.AreNotEqual(a.RawOutput.Pixels, b.RawOutput.Pixels);
        Assert.AreEqual(LearningRateSchedule.Constant, CompletionOptions.Paper.LearningRateSchedule);
    }

    [TestMethod]
    public void CosineSchedule_StartsAgainAtTheFirstFullGridStep_WithFullGridRestart()
    {
        using var weight = new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(2));
        using var optimizer = new AdamOptimizer([weight], 1.0);
        var schedule = new CosineSchedule(optimizer, 10, 0.01, restartAt: 6, restartFraction: 0.5);
        var rates = new List<double> { optimizer.LearningRate };
        for (int step = 1; step < 10; step++)
        {
            schedule.Step();
            rates.Add(optimizer.LearningRate);
        }
        double Cosine(double from, double t, double over) => 0.01 + (from - 0.01) * (1 + Math.Cos(Math.PI * t / over)) / 2;
        Assert.AreEqual(1.0, rates[0]);
        Assert.AreEqual(Cosine(1, 5, 6), rates[5], 1e-12, "the first cosine runs over the coarse steps alone");
        Assert.AreEqual(0.5, rates[6], 1e-12, "the restart: half the initial rate");
        Assert.AreEqual(Cosine(0.5, 2, 4), rates[8], 1e-12, "the second cosine over the full-grid steps");

        var guided = CompletionOptions.Guided.ForSize(256, 256);
        Assert.AreEqual(guided.CoarseSteps, guided.RestartStep, "the default restarts at its first full-grid step");
        Assert.AreEqual(0, CompletionOptions.Fast.RestartStep, "Fast keeps one cosine");
        Assert.AreEqual(0, (guided with { LearningRateSchedule = LearningRateSchedule.Constant }).RestartStep);
    }

    [TestMethod]
    public void Refit_FillsTheHoles_FromANetworkThatAlsoFitTheHeldOutPixels()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var options = TestImages.Quick(steps: 12) with { HoldoutFraction = 0.2, RefitSteps = 0 };
        var without = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
        var with = new CompletionFitter(options with { RefitSteps = 10 }).Fit(mask.Apply(truth), mask, truth);
        Assert.AreEqual(without.StepsRun, with.StepsRun, "the refit steps come after the fit's own");
        Assert.AreEqual(without.BestStep, with.BestStep, "the held-out pixels judged the network before the refit");

        // The holes hold the refitted network's output (no blend here), not the best step's.
        int hole = Array.IndexOf(mask.Values, 0f);
        Assert.AreEqual(with.RawOutput.Pixels[hole], with.Completed.Pixels[hole]);
        Assert.AreNotEqual(without.Completed.Pixels[hole], with.Completed.Pixels[hole]);

        // The refit's data term holds the held-out pixels: its network fits them better than the one it started from.
        using var holdout = Holdout.Create(mask, options.HoldoutFraction, options.Seed);
        var heldOut = holdout.Indices(1);
        double Error(ImageData image) => heldOut.Average(i => Math.Pow(image.Pixels[i] - truth.Pixels[i], 2));
        Assert.IsTrue(Error(with.RawOutput) < Error(without.RawOutput),
            $"held-out error after the refit {Error(with.RawOutput)} vs before {Error(without.RawOutput)}");
        Assert.AreEqual(0, CompletionOptions.Fast.RefitSteps, "Fast and Paper hold nothing out: nothing to refit");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (options with { RefitSteps = -1 }).Validate());
    }

    [TestMethod]
    public void OutputAveraging_FillsHolesWithTheAverage_NotTheLastRender()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        var result = new CompletionFitter(TestImages.Quick(steps: 12) with { OutputAveraging = 0.9 }).Fit(mask.Apply(truth), mask, truth);
        int hole = Array.IndexOf(mask.Values, 0f);
        Assert.AreNotEqual(result.RawOutput.Pixels[hole], result.Completed.Pixels[hole]);
        int seen = Array.IndexOf(mask.Values, 1f);
        Assert.AreEqual(truth.Pixels[seen], result.Completed.Pixels[seen], "observed pixels are kept as given");
    }

    [TestMethod]
    public void Holdout_KeepsTheBestStep_AndEarlyStoppingStops()
    {
        var truth = TestImages.Small();
        var mask = TestImages.HalfRandom();
        // A learning rate far too high makes the held-out error get worse after a few steps.
        var options = TestImages.Quick(steps: 200) with
        {
            Representation = new SirenOptions { HiddenWidth = 16, HiddenLayers = 2, LearningRate = 5e-2 },
            HoldoutFraction = 0.1,
            EarlyStoppingPatience = 20,
            LogInterval = 2,
        };
        var result = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
        Assert.AreEqual(StopReason.EarlyStopped, result.StopReason);
        Assert.IsNotNull(result.BestStep);
        Assert.AreEqual(result.BestStep!.Value + 21, result.StepsRun, "stops once patience steps passed without improvement");
        var bestEntry = result.History.Single(h => h.Step == result.BestStep);
        var final = ImageMetrics.Evaluate(result.Completed, truth, mask);
        Assert.AreEqual(bestEntry.Metrics!.NmaeHoles, final.NmaeHoles, 1e-6, "the result is the best step's output");
    }

    [TestMethod]
    public void EarlyStopping_WithoutHoldout_IsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CompletionFitter(CompletionOptions.Fast with { EarlyStoppingPatience = 10 }));
        Assert.AreEqual("EarlyStoppingPatience", e.ParamName);
    }
}
