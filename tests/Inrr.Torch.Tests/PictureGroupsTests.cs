using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>Grouping pictures by size for batched fits, and a batch that fails as a whole falling back to one fit each.</summary>
[TestClass]
public sealed class PictureGroupsTests
{
    [TestMethod]
    public void Groups_HoldOneSizeEach_FullOnesComeOutAtOnce_TheRestInFirstSeenOrder()
    {
        var groups = new PictureGroups<string>(2);
        Assert.IsNull(groups.Add("a", 1, 8, 8));
        Assert.IsNull(groups.Add("b", 3, 8, 8)); // another channel count: another group
        Assert.IsNull(groups.Add("c", 1, 8, 9));
        CollectionAssert.AreEqual(new[] { "a", "d" }, groups.Add("d", 1, 8, 8)!.ToArray());
        Assert.IsNull(groups.Add("e", 1, 8, 8)); // a new group of the size that just came out
        var rest = groups.TakeRest();
        CollectionAssert.AreEqual(new[] { "b", "c", "e" }, rest.Select(g => string.Join(",", g)).ToArray());
        Assert.AreEqual(0, groups.TakeRest().Count);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PictureGroups<int>(0));
    }

    [TestMethod]
    public void FitEach_ABatchThatFailsAsAWhole_FitsEachAlone_ThePictureAtFaultGetsItsOwnError()
    {
        var options = TestImages.Quick(6) with { Threads = 1 };
        var good = TestImages.Small(16);
        var bad = new ImageData(1, 16, 16, good.Pixels.Select(v => v * 3f).ToArray()); // observed values above 1
        var mask = MaskFactory.Random(16, 16, 0.3, seed: 3);
        var pictures = new List<BatchPicture> { new(good, mask), new(bad, mask), new(good, MaskFactory.Random(16, 16, 0.5, seed: 4)) };
        var alone = new List<int>();
        var outcome = BatchCompletionFitter.FitEach(options, pictures, k =>
        {
            alone.Add(k);
            return new CompletionFitter(options).Fit(pictures[k].Image, pictures[k].Mask);
        });
        Assert.IsNotNull(outcome.BatchFailure, "the batch holds a picture out of range");
        Assert.IsFalse(outcome.FittedTogether);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, alone);
        Assert.IsInstanceOfType<ArgumentException>(outcome.Errors[1]);
        Assert.IsNull(outcome.Results[1]);
        for (int k = 0; k < 3; k += 2)
        {
            Assert.IsNull(outcome.Errors[k]);
            var own = new CompletionFitter(options).Fit(pictures[k].Image, pictures[k].Mask);
            CollectionAssert.AreEqual(own.Completed.Pixels, outcome.Results[k]!.Completed.Pixels, $"picture {k}");
        }
    }

    [TestMethod]
    public void FitEach_PicturesThatBatch_AreFittedTogether_AndOneIsFittedAlone()
    {
        var options = TestImages.Quick(6) with { Threads = 1 };
        var image = TestImages.Small(16);
        var pictures = new List<BatchPicture> { new(image, MaskFactory.Random(16, 16, 0.3, seed: 3)), new(image, MaskFactory.Random(16, 16, 0.5, seed: 4)) };
        var together = BatchCompletionFitter.FitEach(options, pictures, _ => throw new AssertFailedException("not fitted alone"));
        Assert.IsTrue(together.FittedTogether);
        Assert.IsTrue(together.Results.All(r => r is not null));
        int calls = 0;
        var one = BatchCompletionFitter.FitEach(options, pictures.Take(1).ToList(), k => { calls++; return new CompletionFitter(options).Fit(pictures[k].Image, pictures[k].Mask); });
        Assert.AreEqual(1, calls);
        Assert.IsFalse(one.FittedTogether);
        Assert.IsNull(one.BatchFailure);
    }
}
