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
