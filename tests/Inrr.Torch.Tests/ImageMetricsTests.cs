using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class ImageMetricsTests
{
    private const double C1 = 1e-4, C2 = 9e-4; // (0.01 * 1)^2, (0.03 * 1)^2

    // 2 x 2 truth (range 0.8), holes at (0, 1) and (1, 0).
    private static readonly ImageData Truth = HandMadeImages.Gray(2, 2, 0.2f, 0.4f, 0.6f, 1.0f);
    private static readonly Mask AntiDiagonalHoles = new(2, 2, [1f, 0f, 0f, 1f]);

    [TestMethod]
    public void Psnr_ConstantErrorOfOneTenth_Is20Decibels()
    {
        var truth = HandMadeImages.Constant(1, 8, 8, 0.4f);
        var prediction = HandMadeImages.Constant(1, 8, 8, 0.5f);

        Assert.AreEqual(20.0, ImageMetrics.Psnr(prediction, truth), 1e-5);
        Assert.AreEqual(0.1, ImageMetrics.Rmse(prediction, truth), 1e-7);
    }

    [TestMethod]
    public void Psnr_ExactlyRepresentableError_MatchesTheFormula()
    {
        // Error 0.125 everywhere: MSE = 1/64, PSNR = 10 log10(64).
        var psnr = ImageMetrics.Psnr(HandMadeImages.Constant(3, 4, 5, 0.5f), HandMadeImages.Constant(3, 4, 5, 0.375f));

        Assert.AreEqual(10 * Math.Log10(64), psnr, 1e-12);
    }

    [TestMethod]
    public void Psnr_IdenticalImages_IsInfinite()
    {
        var image = HandMadeImages.RandomFloat(1, 5, 5, seed: 1);

        Assert.AreEqual(double.PositiveInfinity, ImageMetrics.Psnr(image, image.Clone()));
        Assert.AreEqual(0.0, ImageMetrics.Rmse(image, image.Clone()));
    }

    [TestMethod]
    public void HoleMetrics_CountOnlyTheMissingPixels()
    {
        // Errors: observed pixels 0.5 and 0.25 (ignored), holes 0.1 and 0.3.
        var prediction = HandMadeImages.Gray(2, 2, 0.7f, 0.5f, 0.3f, 0.75f);

        double holeMse = (0.1 * 0.1 + 0.3 * 0.3) / 2;
        Assert.AreEqual(10 * Math.Log10(1 / holeMse), ImageMetrics.PsnrHoles(prediction, Truth, AntiDiagonalHoles), 1e-5);
        Assert.AreEqual(Math.Sqrt(holeMse), ImageMetrics.RmseHoles(prediction, Truth, AntiDiagonalHoles), 1e-6);
        Assert.AreEqual(0.2 / 0.8, ImageMetrics.NmaeHoles(prediction, Truth, AntiDiagonalHoles), 1e-6);
        double wholeMse = (0.5 * 0.5 + 0.1 * 0.1 + 0.3 * 0.3 + 0.25 * 0.25) / 4;
        Assert.AreEqual(Math.Sqrt(wholeMse), ImageMetrics.Rmse(prediction, Truth), 1e-6);
    }

    [TestMethod]
    public void NmaeHoles_ConstantTruth_DividesByOne()
    {
        var truth = HandMadeImages.Constant(1, 2, 2, 0.5f);
        var prediction = HandMadeImages.Gray(2, 2, 0.5f, 0.25f, 0.875f, 0.5f);

        Assert.AreEqual((0.25 + 0.375) / 2, ImageMetrics.NmaeHoles(prediction, truth, AntiDiagonalHoles), 1e-12);
    }

    [TestMethod]
    public void Metrics_OnRgb_AverageOverAllChannels()
    {
        var truth = HandMadeImages.Constant(3, 4, 4, 0.5f);
        var prediction = truth.Clone();
        for (int i = 0; i < 16; i++) prediction.Pixels[16 + i] = 0.75f; // error 0.25 in the green channel only
        var holes = MaskFactory.Patch(4, 4, new PixelRect(0, 0, 2, 4));

        Assert.AreEqual(10 * Math.Log10(1 / (0.0625 / 3)), ImageMetrics.Psnr(prediction, truth), 1e-9);
        Assert.AreEqual(10 * Math.Log10(1 / (0.0625 / 3)), ImageMetrics.PsnrHoles(prediction, truth, holes), 1e-9);
        Assert.AreEqual(0.25 / 3, ImageMetrics.NmaeHoles(prediction, truth, holes), 1e-12);
    }

    [TestMethod]
    public void Ssim_IdenticalImages_IsOne()
    {
        var image = HandMadeImages.RandomFloat(3, 16, 20, seed: 2);

        Assert.AreEqual(1.0, ImageMetrics.Ssim(image, image.Clone()), 1e-12);
    }

    [TestMethod]
    public void Ssim_ConstantImageAgainstAShiftedCopy_IsTheLuminanceTerm()
    {
        const double a = 0.5, shift = 0.125;

        var ssim = ImageMetrics.Ssim(HandMadeImages.Constant(1, 12, 15, (float)(a + shift)), HandMadeImages.Constant(1, 12, 15, (float)a));

        // No variance: the structure term is C2 / C2 = 1, only the luminance term is left.
        Assert.AreEqual((2 * a * (a + shift) + C1) / (a * a + (a + shift) * (a + shift) + C1), ssim, 1e-12);
    }

    [TestMethod]
    public void Ssim_MatchesADirectTwoDimensionalImplementation()
    {
        var truth = HandMadeImages.RandomFloat(1, 17, 23, seed: 3);
        var prediction = HandMadeImages.RandomFloat(1, 17, 23, seed: 4);
        for (int i = 0; i < truth.Pixels.Length; i++) prediction.Pixels[i] = 0.6f * truth.Pixels[i] + 0.4f * prediction.Pixels[i];

        var ssim = ImageMetrics.Ssim(prediction, truth);

        Assert.AreEqual(SlowSsim(prediction.Pixels, truth.Pixels, 17, 23), ssim, 1e-12);
        Assert.IsTrue(ssim is > 0.3 and < 0.99, $"a partly correlated image should score in between, got {ssim}");
    }

    [TestMethod]
    public void Ssim_Rgb_IsTheMeanOfTheChannelScores()
    {
        var truth = HandMadeImages.RandomFloat(3, 11, 13, seed: 5);
        var prediction = HandMadeImages.RandomFloat(3, 11, 13, seed: 6);

        double expected = Enumerable.Range(0, 3).Average(c => SlowSsim(
            prediction.Pixels.AsSpan(c * 143, 143).ToArray(), truth.Pixels.AsSpan(c * 143, 143).ToArray(), 11, 13));

        Assert.AreEqual(expected, ImageMetrics.Ssim(prediction, truth), 1e-12);
    }

    [TestMethod]
    public void Ssim_ImageSmallerThanTheWindow_Throws()
    {
        var image = HandMadeImages.Constant(1, 10, 40, 0.5f);

        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(image, image.Clone()));
    }

    [TestMethod]
    public void Evaluate_EqualsTheIndividualMetrics()
    {
        var truth = HandMadeImages.RandomFloat(1, 16, 16, seed: 7);
        var prediction = HandMadeImages.RandomFloat(1, 16, 16, seed: 8);
        var mask = MaskFactory.Random(16, 16, 0.3, seed: 9);

        var metrics = ImageMetrics.Evaluate(prediction, truth, mask);

        Assert.AreEqual(new MetricSet(
            ImageMetrics.Psnr(prediction, truth),
            ImageMetrics.PsnrHoles(prediction, truth, mask),
            ImageMetrics.NmaeHoles(prediction, truth, mask),
            ImageMetrics.Rmse(prediction, truth),
            ImageMetrics.RmseHoles(prediction, truth, mask),
            ImageMetrics.Ssim(prediction, truth)), metrics);
    }

    [TestMethod]
    public void Metrics_MismatchedImages_ThrowNamingThePrediction()
    {
        var truth = HandMadeImages.Constant(1, 12, 12, 0.5f);

        Assert.AreEqual("prediction", Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(HandMadeImages.Constant(1, 12, 11, 0.5f), truth)).ParamName);
        Assert.AreEqual("prediction", Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(HandMadeImages.Constant(3, 12, 12, 0.5f), truth)).ParamName);
    }

    [TestMethod]
    public void Metrics_MaskOfAnotherSizeOrWithoutHoles_ThrowNamingTheMask()
    {
        var image = HandMadeImages.Constant(1, 2, 2, 0.5f);

        Assert.AreEqual("mask", Assert.Throws<ArgumentException>(() => ImageMetrics.PsnrHoles(image, image, new Mask(2, 3, new float[6]))).ParamName);
        Assert.AreEqual("mask", Assert.Throws<ArgumentException>(() => ImageMetrics.NmaeHoles(image, image, new Mask(2, 2, [1f, 1f, 1f, 1f]))).ParamName);
    }

    [TestMethod]
    public void Metrics_NaNInput_ThrowsNamingTheArgument()
    {
        var clean = HandMadeImages.Constant(1, 12, 12, 0.5f);
        var withNaN = clean.Clone();
        withNaN.Pixels[17] = float.NaN;

        Assert.AreEqual("prediction", Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(withNaN, clean)).ParamName);
        Assert.AreEqual("truth", Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(clean, withNaN)).ParamName);
    }

    /// <summary>Wang et al. SSIM straight from the definition: every valid 11 x 11 window, 2-D Gaussian weights.</summary>
    private static double SlowSsim(float[] x, float[] y, int height, int width)
    {
        var weights = new double[11, 11];
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++)
                weights[i, j] = Math.Exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
        double weightSum = weights.Cast<double>().Sum();

        double total = 0;
        int windows = 0;
        for (int top = 0; top + 11 <= height; top++)
            for (int left = 0; left + 11 <= width; left++)
            {
                double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                for (int i = 0; i < 11; i++)
                    for (int j = 0; j < 11; j++)
                    {
                        double w = weights[i, j] / weightSum, a = x[(top + i) * width + left + j], b = y[(top + i) * width + left + j];
                        mx += w * a; my += w * b; sxx += w * a * a; syy += w * b * b; sxy += w * a * b;
                    }
                double vx = sxx - mx * mx, vy = syy - my * my, cxy = sxy - mx * my;
                total += (2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                windows++;
            }
        return total / windows;
    }
}
