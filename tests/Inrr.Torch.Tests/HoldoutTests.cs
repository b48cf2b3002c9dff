using Inrr.Torch.Fitting;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Tests;

/// <summary>Held-out pixels in the shape of the holes.</summary>
[TestClass]
public sealed class HoldoutTests
{
    [TestMethod]
    public void HoleShapedHoldout_TakesObservedPixelsInTheShapeOfTheHoles()
    {
        var mask = MaskFactory.Patch(64, 64, new PixelRect(10, 10, 8, 8));
        using var shaped = Holdout.Create(mask, 0.02, seed: 1, HoldoutShape.HoleShaped);
        using var scattered = Holdout.Create(mask, 0.02, seed: 1, HoldoutShape.Random);

        Assert.AreEqual((int)Math.Round(0.02 * mask.ObservedCount), shaped.Count);
        var held = shaped.Indices(1);
        Assert.IsTrue(held.All(i => mask.Values[i] == 1f), "only observed pixels are held out");
        Assert.IsTrue(held.All(i => shaped.Train.Values[i] == 0f), "held-out pixels leave the training mask");
        Assert.IsTrue(MatrixMaskTests.Clustering(shaped.Indices(1), 64) > 0.6, "shifted blocks: held-out pixels have held-out neighbours");
        Assert.IsTrue(MatrixMaskTests.Clustering(scattered.Indices(1), 64) < 0.3, "scattered pixels mostly do not");
    }
}
