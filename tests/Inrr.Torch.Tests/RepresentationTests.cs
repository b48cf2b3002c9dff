using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class RepresentationTests
{
    private static (double Min, double Max) Range(Tensor t) => (t.min().item<float>(), t.max().item<float>());

    [TestMethod]
    public void Siren_InitialisationFollowsThePaper()
    {
        using var g = new Generator(0);
        using var siren = new Siren(2, 256, 5, 1, firstOmega: 30, hiddenOmega: 1, OutputActivation.Sigmoid, g);
        Linear LinearOf(nn.Module m) => m.modules().OfType<Linear>().Single();
        var sineLinears = siren.Layers.Select(LinearOf).ToList();
        var output = siren.modules().OfType<Linear>().Single(l => l.weight!.shape[0] == 1);
        Assert.AreEqual(5, sineLinears.Count);

        // First layer: U(-1/d_in, 1/d_in) with d_in = 2.
        var (min0, max0) = Range(sineLinears[0].weight!);
        Assert.IsTrue(min0 >= -0.5 && max0 <= 0.5);
        Assert.IsTrue(max0 > 0.45 && min0 < -0.45, "the whole range is used");

        // Other layers (output included): U(-sqrt(6/256)/w0, ...) with w0 = 1.
        double bound = Math.Sqrt(6.0 / 256);
        foreach (var layer in sineLinears.Skip(1).Append(output))
        {
            var (min, max) = Range(layer.weight!);
            Assert.IsTrue(min >= -bound && max <= bound, $"weights in [{min}, {max}] exceed +-{bound}");
            Assert.IsTrue(max > 0.9 * bound);
            var (bmin, bmax) = Range(layer.bias!);
            Assert.IsTrue(bmin >= -bound && bmax <= bound);
        }
        Assert.AreEqual(30.0, siren.Layers[0].Omega);
        Assert.AreEqual(1.0, siren.Layers[1].Omega);
    }

    [TestMethod]
    public void CoordinateRepresentation_RendersChannelsRowsColumns_InUnitInterval()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(0);
        using var rep = new SirenOptions { HiddenWidth = 16, HiddenLayers = 2 }.Create(3, 5, 7, g);
        var image = rep.Render();
        CollectionAssert.AreEqual(new long[] { 3, 5, 7 }, image.shape);
        var (min, max) = Range(image);
        Assert.IsTrue(min > 0 && max < 1);
    }

    [TestMethod]
    public void PixelGrid_SpansMinusOneToOne_XAlongColumns()
    {
        using var grid = CoordinateRepresentation.PixelGrid(3, 4, 3, 4);
        CollectionAssert.AreEqual(new long[] { 12, 2 }, grid.shape);
        var v = grid.data<float>().ToArray();
        // Pixel (row 0, col 0) = (-1, -1); (row 0, col 3) = (1, -1); (row 2, col 0) = (-1, 1).
        CollectionAssert.AreEqual(new float[] { -1, -1 }, v[0..2]);
        CollectionAssert.AreEqual(new float[] { 1, -1 }, v[6..8]);
        CollectionAssert.AreEqual(new float[] { -1, 1 }, v[16..18]);
    }

    [TestMethod]
    public void CoarseGrid_SitsAtTheCentresOfTheFullSizePixels()
    {
        using var grid = CoordinateRepresentation.PixelGrid(2, 2, 4, 4);
        var v = grid.data<float>().ToArray();
        // Full-size x: -1, -1/3, 1/3, 1; coarse cells average pairs: -2/3 and 2/3.
        float[] expected = [-2f / 3, -2f / 3, 2f / 3, -2f / 3, -2f / 3, 2f / 3, 2f / 3, 2f / 3];
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], v[i], 1e-6);
    }

    [TestMethod]
    public void Siren_RendersOtherSizes_DmfRefuses()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(0);
        using var siren = new SirenOptions { HiddenWidth = 8, HiddenLayers = 2 }.Create(1, 8, 6, g);
        CollectionAssert.AreEqual(new long[] { 1, 4, 3 }, siren.Render(4, 3).shape);
        Assert.IsTrue(siren.IsResolutionFree);
        using var dmf = new DeepMatrixFactorizationOptions().Create(1, 8, 6, g);
        Assert.ThrowsExactly<NotSupportedException>(() => dmf.Render(4, 3));
    }

    [TestMethod]
    public void FourierFeaturesAndDmf_RenderTheRequestedShape()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(0);
        using var ff = new FourierFeatureOptions { Features = 8, HiddenWidth = 16, HiddenLayers = 2 }.Create(1, 6, 5, g);
        CollectionAssert.AreEqual(new long[] { 1, 6, 5 }, ff.Render().shape);
        using var dmf = new DeepMatrixFactorizationOptions { Depth = 3 }.Create(3, 6, 5, g);
        CollectionAssert.AreEqual(new long[] { 3, 6, 5 }, dmf.Render().shape);
        Assert.AreEqual(3, dmf.parameters().Count());
    }

    [TestMethod]
    public void Options_RejectOutOfRangeValues_NamingTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SirenOptions { HiddenWidth = 0 }.Validate());
        Assert.AreEqual("HiddenWidth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DeepMatrixFactorizationOptions { Depth = 1 }.Validate());
        Assert.AreEqual("Depth", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FourierFeatureOptions { LearningRate = double.NaN }.Validate());
        Assert.AreEqual("LearningRate", e.ParamName);
    }
}

/// <summary>The paper's INR-Z: what its network sees at each pixel, and that it fits with every regulariser.</summary>
[TestClass]
public sealed class InrZTests
{
    [TestMethod]
    public void Inputs_AreTheCoordinate_ThenTheNeighboursValuesAndFlags_WithoutThePixelItself()
    {
        // 3 x 3 picture, values 0.1 .. 0.9 row-major; the pixel (1, 2) (value 0.6) is not observed.
        var image = new Inrr.Torch.Imaging.ImageData(1, 3, 3, [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f]);
        var known = new Inrr.Torch.Masks.Mask(3, 3, [1, 1, 1, 1, 1, 0, 1, 1, 1]);
        using var inputs = NeighbourhoodRepresentation.Inputs(image, known, 3);
        Assert.AreEqual(NeighbourhoodRepresentation.InputFeatures(1, 3), (int)inputs.shape[1]);
        Assert.AreEqual(18, (int)inputs.shape[1]);
        var rows = inputs.data<float>().ToArray();
        float[] Row(int pixel) => rows.Skip(pixel * 18).Take(18).ToArray();

        // The centre: coordinate (0, 0); neighbours in raster order without the centre, 2v - 1 where observed, 0 and
        // flag -1 for the unobserved right neighbour (0.6).
        var centre = Row(4);
        float V(float v) => 2 * v - 1;
        float[] expected = [0, 0, V(0.1f), V(0.2f), V(0.3f), V(0.4f), 0, V(0.7f), V(0.8f), V(0.9f), 1, 1, 1, 1, -1, 1, 1, 1];
        for (int i = 0; i < 18; i++) Assert.AreEqual(expected[i], centre[i], 1e-6, $"centre input {i}");

        // The top-left corner: coordinate (-1, -1); outside the picture counts as unobserved.
        var corner = Row(0);
        float[] cornerExpected = [-1, -1, 0, 0, 0, 0, V(0.2f), 0, V(0.4f), V(0.5f), -1, -1, -1, -1, 1, -1, 1, 1];
        for (int i = 0; i < 18; i++) Assert.AreEqual(cornerExpected[i], corner[i], 1e-6, $"corner input {i}");
    }

    [TestMethod]
    public void Inputs_NeverHoldAnUnobservedValue()
    {
        var image = HandMadeImages.RandomFloat(3, 8, 8, seed: 1);
        var known = Inrr.Torch.Masks.MaskFactory.Random(8, 8, 0.4, seed: 2);
        var changed = image.Clone();
        for (int i = 0; i < known.Values.Length; i++)
            if (known.Values[i] == 0f) { changed.Pixels[i] = 1 - changed.Pixels[i]; changed.Pixels[128 + i] = 0.5f; }
        using var a = NeighbourhoodRepresentation.Inputs(image, known, 5);
        using var b = NeighbourhoodRepresentation.Inputs(changed, known, 5);
        Assert.IsTrue(a.equal(b).all().item<bool>(), "holes (and held-out pixels, which the fitter passes as unobserved) do not reach the input");
        Assert.AreEqual(NeighbourhoodRepresentation.InputFeatures(3, 5), (int)a.shape[1]);
    }

    [TestMethod]
    public void InrZ_FitsWithEveryRegulariser_AndDescribesItself()
    {
        var truth = TestImages.Small(16);
        var mask = TestImages.HalfRandom(16);
        var inrz = new InrZOptions { Network = TestImages.SmallSiren };
        Inrr.Torch.Regularizers.RegularizerOptions[] all =
        [
            new Inrr.Torch.Regularizers.InrrOptions(), new Inrr.Torch.Regularizers.TotalVariationOptions(), new Inrr.Torch.Regularizers.WeightDecayOptions(),
            new Inrr.Torch.Regularizers.AirOptions(), new Inrr.Torch.Regularizers.CosineDirichletOptions(),
        ];
        foreach (var regularizer in all)
        {
            var options = Inrr.Torch.Fitting.CompletionOptions.Fast with { Steps = 5, LogInterval = 1, Representation = inrz, Regularizers = [regularizer] };
            Assert.AreEqual(0, options.CoarseSteps, "INR-Z renders its own size only: no coarse stage");
            var result = new Inrr.Torch.Fitting.CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
            Assert.AreEqual(5, result.StepsRun, regularizer.Describe());
            Assert.IsTrue(result.Completed.Pixels.All(float.IsFinite), regularizer.Describe());
            Assert.IsTrue(result.History[^1].DataLoss < result.History[0].DataLoss, $"{regularizer.Describe()}: the data term falls");
        }
        StringAssert.StartsWith(inrz.Describe(), "INR-Z 3x3 (SIREN 2x16");
        Assert.ThrowsExactly<NotSupportedException>(() => inrz.Create(1, 4, 4, new Generator(0)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (inrz with { Neighbourhood = 4 }).Validate());
    }

    [TestMethod]
    public void InrZ_WithTheGuidedDefault_HoldsOutPixelsItsInputNeverSaw()
    {
        var truth = TestImages.Small(16);
        var mask = TestImages.HalfRandom(16);
        var options = Inrr.Torch.Fitting.CompletionOptions.Guided with
        {
            Steps = 6, ReferencePixels = 0, LogInterval = 1, Representation = new InrZOptions { Network = TestImages.SmallSiren },
        };
        var result = new Inrr.Torch.Fitting.CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
        Assert.IsNotNull(result.Blend, "the held-out blend ran");
        Assert.IsTrue(result.Completed.Pixels.All(float.IsFinite));
    }
}
