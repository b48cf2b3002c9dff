using Inrr.Torch.Regularizers;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Tests;

/// <summary>The baselines' losses against values worked out by hand on tiny inputs.</summary>
[TestClass]
public sealed class RegularizerValueTests
{
    [TestInitialize]
    public void Init() => Runtime.TorchRuntime.EnsureInitialized();

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void TotalVariation_OfOneBrightPixel_IsTheSecondDifferencesOverTheHeight(int p)
    {
        // 1 x 3 x 4: the interior pixels are (1,1) = 1 and (1,2) = 0.
        //   (1,1): vertical 2*1 - 0 - 0 = 2, horizontal 2*1 - 0 - 0 = 2
        //   (1,2): vertical 2*0 - 0 - 0 = 0, horizontal 2*0 - 1 - 0 = -1
        // p = 1: sum |.| = (2 + 0) + (2 + 1) = 5;  p = 2: sqrt(2^2 + 0^2) + sqrt(2^2 + 1^2) = 2 + sqrt 5.
        using var scope = NewDisposeScope();
        var image = zeros(1, 3, 4);
        image[0, 1, 1] = tensor(1f);
        using var tv = new TotalVariation(new TotalVariationOptions { Weight = 0.5, P = p });
        double expected = 0.5 * (p == 1 ? 5 : 2 + Math.Sqrt(5)) / 3;
        Assert.AreEqual(expected, tv.Loss(image).item<float>(), 1e-6);
    }

    [TestMethod]
    public void WeightDecay_IsTheWeightTimesTheSquaredParameters()
    {
        using var scope = NewDisposeScope();
        using var layer = nn.Linear(2, 1);
        using (no_grad())
        {
            layer.weight!.copy_(tensor(new float[] { 1, -2 }).reshape(1, 2));
            layer.bias!.copy_(tensor(new float[] { 3 }));
        }
        using var l2 = new WeightDecay(new WeightDecayOptions { Weight = 0.1 }, layer);
        Assert.AreEqual(0.1 * (1 + 4 + 9), l2.Loss(zeros(1, 2, 2)).item<float>(), 1e-6);
    }

    [TestMethod]
    public void AirAdjacency_IsSymmetricWithZeroDiagonal_FromRowStochasticSoftmin()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0, 1, 2, 0.5f, 0, 3, 1, 1, 0 }).reshape(3, 3);
        var softmin = nn.functional.softmin(logits, dim: 1);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f }, softmin.sum(dim: 1).data<float>().ToArray().Select(v => MathF.Round(v, 5)).ToArray(),
            "softmin rows sum to 1 (row-stochastic)");
        var a = AirRegularizer.AdjacencyFromLogits(logits);
        var values = a.data<float>().ToArray();
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(0f, values[i * 3 + i], "zero diagonal");
            for (int j = 0; j < 3; j++)
                if (i != j)
                {
                    Assert.AreEqual(values[i * 3 + j], values[j * 3 + i], 1e-7, "symmetric");
                    float s = softmin.data<float>().ToArray()[i * 3 + j], t = softmin.data<float>().ToArray()[j * 3 + i];
                    Assert.AreEqual((s + t) / 2, values[i * 3 + j], 1e-7, "the mean of the two softmin entries");
                }
        }
    }
}

/// <summary>A colour picture is one representation with three outputs, not three networks.</summary>
[TestClass]
public sealed class ColourRepresentationTests
{
    [TestMethod]
    public void RgbShares_OneSirenWithThreeOutputs_OnlyTheOutputLayerGrows()
    {
        Runtime.TorchRuntime.EnsureInitialized();
        var siren = new Representations.SirenOptions { HiddenWidth = 16, HiddenLayers = 3 };
        using var generator = new Generator(0);
        using var gray = siren.Create(1, 8, 8, generator);
        using var rgb = siren.Create(3, 8, 8, generator);
        long Count(nn.Module m) => m.parameters().Sum(p => p.numel());
        // Hidden layers: (2*16 + 16) + 2 * (16*16 + 16); output: 16*C + C. Only the output's C changes.
        Assert.AreEqual(2 * 16 + 16 + 2 * (16 * 16 + 16) + 16 + 1, Count(gray));
        Assert.AreEqual(Count(gray) + 2 * (16 + 1), Count(rgb), "three outputs of one network: the hidden layers are shared");
        using var _ = no_grad();
        using var render = rgb.Render(8, 8);
        CollectionAssert.AreEqual(new long[] { 3, 8, 8 }, render.shape);
    }
}

/// <summary>Fourier features and DMF complete a small picture better than filling the holes with the mean.</summary>
[TestClass]
public sealed class BackboneQualityTests
{
    [TestMethod]
    [DataRow("fourier")]
    [DataRow("dmf")]
    public void ASmallFit_BeatsTheMeanFill(string backbone)
    {
        var image = Imaging.SyntheticImage.Facade(24, 24);
        var mask = Masks.MaskFactory.Random(24, 24, 0.3, seed: 3);
        Representations.RepresentationOptions representation = backbone == "fourier"
            // sigma 1: at sigma 4 the features fit every observed pixel and fill scattered holes with noise (hole NMAE 0.28 here).
            ? new Representations.FourierFeatureOptions { Features = 32, HiddenWidth = 32, HiddenLayers = 2, Sigma = 1 }
            : new Representations.DeepMatrixFactorizationOptions();
        var options = Fitting.CompletionOptions.Fast with
        {
            Representation = representation, Regularizers = [], Steps = 300, Threads = 1, ReferencePixels = 0, CoarseFraction = 0,
        };
        var result = new Fitting.CompletionFitter(options).Fit(mask.Apply(image), mask);
        double observedMean = Enumerable.Range(0, mask.Values.Length).Where(i => mask.Values[i] == 1).Average(i => image.Pixels[i]);
        var meanFill = mask.Apply(image);
        for (int i = 0; i < mask.Values.Length; i++) if (mask.Values[i] == 0) meanFill.Pixels[i] = (float)observedMean;
        double fit = Metrics.ImageMetrics.Evaluate(result.Completed, image, mask).NmaeHoles;
        double mean = Metrics.ImageMetrics.Evaluate(meanFill, image, mask).NmaeHoles;
        Console.WriteLine($"{backbone}: hole NMAE {fit:F4} vs mean fill {mean:F4}");
        Assert.IsTrue(fit < 0.9 * mean, $"{backbone}: hole NMAE {fit:F4} should beat the mean fill's {mean:F4} by 10 %");
    }
}
