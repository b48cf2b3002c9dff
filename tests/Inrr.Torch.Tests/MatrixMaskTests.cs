using Inrr.Torch.Masks;

namespace Inrr.Torch.Tests;

/// <summary>The masks of the quality matrix: strokes and blocks.</summary>
[TestClass]
public sealed class MatrixMaskTests
{
    [TestMethod]
    [DataRow(64, 64, 0.1)]
    [DataRow(128, 96, 0.1)]
    [DataRow(40, 40, 0.3)]
    public void Strokes_MissAboutTheAskedFractionAndAreSeeded(int height, int width, double fraction)
    {
        var mask = MaskFactory.Strokes(height, width, fraction, seed: 5);

        Assert.IsTrue(mask.MissingFraction >= fraction && mask.MissingFraction < fraction + 0.02, $"missing {mask.MissingFraction}");
        CollectionAssert.AreEqual(mask.Values, MaskFactory.Strokes(height, width, fraction, seed: 5).Values);
        CollectionAssert.AreNotEqual(mask.Values, MaskFactory.Strokes(height, width, fraction, seed: 6).Values);
    }

    [TestMethod]
    public void Strokes_AreThickConnectedCurvesNotScatteredPixels()
    {
        var mask = MaskFactory.Strokes(128, 128, 0.1, seed: 1);

        // Nearly every hole pixel has a hole pixel on each side along some axis: brush strokes, not dust.
        int holes = 0, inside = 0;
        for (int y = 1; y < 127; y++)
            for (int x = 1; x < 127; x++)
            {
                if (mask.IsObserved(y, x)) continue;
                holes++;
                if ((!mask.IsObserved(y - 1, x) && !mask.IsObserved(y + 1, x)) || (!mask.IsObserved(y, x - 1) && !mask.IsObserved(y, x + 1))) inside++;
            }
        Assert.IsTrue(inside > 0.6 * holes, $"{inside} of {holes} hole pixels lie inside a stroke");
    }

    [TestMethod]
    public void Blocks_MissAboutTheAskedFractionInRectangles()
    {
        var mask = MaskFactory.Blocks(128, 128, 0.08, seed: 1);

        Assert.IsTrue(mask.MissingFraction is >= 0.08 and < 0.12, $"missing {mask.MissingFraction}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MaskFactory.Blocks(64, 64, 0.9));
    }

    /// <summary>Fraction of the pixels with a 4-neighbour in the same set.</summary>
    internal static double Clustering(int[] pixels, int width)
    {
        var set = pixels.ToHashSet();
        return pixels.Count(i => set.Contains(i - 1) || set.Contains(i + 1) || set.Contains(i - width) || set.Contains(i + width)) / (double)pixels.Length;
    }
}
