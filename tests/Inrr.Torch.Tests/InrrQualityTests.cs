using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class InrrQualityTests
{
    /// <summary>
    /// The paper's claim in small: on a structured mask (a horizontal and a vertical scratch across a picture
    /// with repeating rows and columns) vanilla SIREN over-fits the holes, while INRR's learned Dirichlet energy
    /// fills them from similar rows and columns. Measured at 32 x 32, 300 steps: hole NMAE about 0.33 vanilla
    /// vs 0.16 INRR (seed 0); the assertion leaves a wide margin.
    /// </summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    public void Inrr_BeatsVanilla_OnHoleError_StructuredMask(int seed)
    {
        const int size = 32;
        var truth = SyntheticImage.Facade(size, size);
        var mask = MaskFactory.Patch(size, size, new PixelRect(2, size / 2, size - 4, 3), new PixelRect(size / 3, 2, 3, size - 4));
        var vanilla = CompletionOptions.Fast with
        {
            Steps = 300,
            LogInterval = 300,
            Threads = 1,
            Seed = seed,
            Representation = new SirenOptions { HiddenWidth = 64, HiddenLayers = 3, LearningRate = 1e-3 },
            Regularizers = [],
            LearningRateSchedule = LearningRateSchedule.Constant, // as measured
            CoarseFraction = 0,
        };
        var inrr = vanilla with
        {
            // 1e-4 as given at 32 x 32 (as measured): with the size normalisation that is 1e-4 / (256/32)^3 at 256.
            Regularizers = [new InrrOptions { RowWeight = 1e-4, ColumnWeight = 1e-4, ReferenceSide = 0, Rank = 32, Width = 16, Layers = 3, LearningRate = 1e-3 }],
        };

        double Nmae(CompletionOptions o) =>
            ImageMetrics.NmaeHoles(new CompletionFitter(o).Fit(mask.Apply(truth), mask).Completed, truth, mask);

        double vanillaError = Nmae(vanilla), inrrError = Nmae(inrr);
        Assert.IsTrue(inrrError < 0.8 * vanillaError, $"INRR hole NMAE {inrrError:F4} vs vanilla {vanillaError:F4}");
    }
}
