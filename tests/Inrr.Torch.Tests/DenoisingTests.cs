using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Metrics;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>The paper's second task: every pixel observed, with noise.</summary>
[TestClass]
public sealed class DenoisingTests
{
    [TestMethod]
    public void GaussianNoise_IsSeeded_HasTheGivenSpread_AndStaysInRange()
    {
        var gray = HandMadeImages.Constant(1, 64, 64, 0.5f);
        var a = GaussianNoise.Add(gray, 0.1, seed: 3);
        CollectionAssert.AreEqual(a.Pixels, GaussianNoise.Add(gray, 0.1, seed: 3).Pixels);
        CollectionAssert.AreNotEqual(a.Pixels, GaussianNoise.Add(gray, 0.1, seed: 4).Pixels);
        double mean = a.Pixels.Average(p => (double)p);
        double sd = Math.Sqrt(a.Pixels.Average(p => (p - mean) * (p - mean)));
        Assert.AreEqual(0.5, mean, 0.01);
        Assert.AreEqual(0.1, sd, 0.01, "4096 samples: the spread is sigma within 10 %");
        var white = GaussianNoise.Add(HandMadeImages.Constant(3, 8, 8, 1f), 0.3, seed: 1);
        Assert.IsTrue(white.Pixels.All(p => p is >= 0f and <= 1f), "clipped to [0, 1] as a stored picture");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GaussianNoise.Add(gray, 0, seed: 1));
    }

    [TestMethod]
    public void Denoise_ReplacesEveryPixel_AndBeatsTheNoisyInput_AtItsBestHeldOutStep()
    {
        // A smooth picture: a network fitted to its noisy pixels finds the picture long before the noise.
        var pixels = new float[32 * 32];
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                pixels[y * 32 + x] = (float)(0.5 + 0.3 * Math.Sin(x / 5.0) * Math.Cos(y / 7.0));
        var clean = new ImageData(1, 32, 32, pixels);
        var noisy = GaussianNoise.Add(clean, 0.1, seed: 1);
        var options = CompletionOptions.Fast with
        {
            Steps = 300, LogInterval = 25, HoldoutFraction = 0.1, Threads = 1, CoarseFraction = 0,
            Representation = new SirenOptions { HiddenWidth = 64, HiddenLayers = 3, LearningRate = 1e-3 },
        };
        var result = new CompletionFitter(options).Denoise(noisy, clean);

        double noisyPsnr = ImageMetrics.EvaluateWhole(noisy, clean).Psnr;
        var metrics = ImageMetrics.EvaluateWhole(result.Completed, clean);
        Assert.IsTrue(metrics.Psnr > noisyPsnr + 3, $"denoised {metrics.Psnr:F2} dB against the noisy input's {noisyPsnr:F2} dB; " +
            string.Join(", ", result.History.Select(h => $"{h.Step}: {h.Metrics!.Psnr:F2}")) + $"; best {result.BestStep}");
        Assert.IsTrue(double.IsNaN(metrics.NmaeHoles), "no holes: hole metrics are undefined");
        Assert.IsTrue(result.Completed.Pixels.Zip(noisy.Pixels).Count(p => p.First != p.Second) > 1000, "the output replaces the noisy pixels");
        Assert.IsNotNull(result.BestStep, "held-out noisy pixels choose the step");
        Assert.IsTrue(result.History.All(h => h.Metrics is not null), "the history carries PSNR against the clean picture");
    }

    [TestMethod]
    public void Denoise_RefusesAClassicalMethod_AndASizeMismatch_NamingThem()
    {
        var clean = SyntheticImage.Facade(16, 16, 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CompletionFitter(CompletionOptions.NavierStokes).Denoise(clean));
        StringAssert.Contains(e.Message, "has none");
        var other = SyntheticImage.Facade(20, 20, 1);
        Assert.AreEqual("clean", Assert.ThrowsExactly<ArgumentException>(() => new CompletionFitter(CompletionOptions.Fast).Denoise(clean, other)).ParamName);
    }
}
