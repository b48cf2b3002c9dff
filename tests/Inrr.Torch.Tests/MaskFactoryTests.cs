using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class MaskFactoryTests
{
    [TestMethod]
    [DataRow(7, 9, 0.3, 19)] // 18.9
    [DataRow(10, 10, 0.125, 13)] // 12.5: midpoint rounds away from zero
    [DataRow(64, 64, 0.5, 2048)]
    public void Random_MissesExactlyTheRoundedCount(int height, int width, double rate, int expectedMissing)
    {
        var mask = MaskFactory.Random(height, width, rate, seed: 1);

        Assert.AreEqual(expectedMissing, mask.MissingCount);
    }

    [TestMethod]
    public void Random_IsDeterminedByTheSeed()
    {
        var first = MaskFactory.Random(32, 32, 0.4, seed: 42);
        var again = MaskFactory.Random(32, 32, 0.4, seed: 42);
        var other = MaskFactory.Random(32, 32, 0.4, seed: 43);

        CollectionAssert.AreEqual(first.Values, again.Values);
        CollectionAssert.AreNotEqual(first.Values, other.Values);
    }

    [TestMethod]
    public void Random_SpreadsTheHolesOverTheWholeImage()
    {
        var mask = MaskFactory.Random(100, 100, 0.5, seed: 3);

        int missingInTopHalf = mask.Values.Take(5000).Count(v => v == 0f);
        Assert.IsTrue(missingInTopHalf is > 2300 and < 2700, $"top half has {missingInTopHalf} of 5000 holes");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    [DataRow(-0.1)]
    [DataRow(1.5)]
    [DataRow(double.NaN)]
    [DataRow(0.01)] // rounds to no missing pixel on 3 x 3
    public void Random_RateOutsideTheOpenUnitIntervalOrRoundingToNothing_Throws(double rate)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MaskFactory.Random(3, 3, rate, seed: 0));

        Assert.AreEqual("missingRate", error.ParamName);
    }

    [TestMethod]
    public void Patch_MissesExactlyTheRectangle()
    {
        var mask = MaskFactory.Patch(5, 6, new PixelRect(X: 1, Y: 2, Width: 3, Height: 2));

        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++)
                Assert.AreEqual(!(y is 2 or 3 && x is >= 1 and <= 3), mask.IsObserved(y, x), $"pixel ({y}, {x})");
    }

    [TestMethod]
    public void Patch_OverlappingRectangles_MissTheirUnion()
    {
        var mask = MaskFactory.Patch(8, 8, new PixelRect(0, 0, 4, 4), new PixelRect(2, 2, 4, 4));

        Assert.AreEqual(16 + 16 - 4, mask.MissingCount);
    }

    [TestMethod]
    public void Patch_RectangleOutsideOrEmpty_ThrowsNamingHoles()
    {
        PixelRect[] invalid = [new(4, 0, 3, 1), new(-1, 0, 2, 2), new(0, 4, 1, 2), new(0, 0, 0, 2), new(0, 0, 2, -1)];

        foreach (var rect in invalid)
            Assert.AreEqual("holes", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MaskFactory.Patch(5, 6, rect)).ParamName, rect.ToString());
    }

    [TestMethod]
    public void Patch_NoRectangleOrTheWholeImage_ThrowsNamingHoles()
    {
        Assert.AreEqual("holes", Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.Patch(4, 4)).ParamName);
        Assert.AreEqual("holes", Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.Patch(4, 4, new PixelRect(0, 0, 4, 4))).ParamName);
    }

    [TestMethod]
    public void Downsample_ObservesEveryStrideThPixelOfEveryStrideThRow()
    {
        var mask = MaskFactory.Downsample(5, 7, stride: 2);

        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 7; x++)
                Assert.AreEqual(y % 2 == 0 && x % 2 == 0, mask.IsObserved(y, x), $"pixel ({y}, {x})");
        Assert.AreEqual(3 * 4, mask.ObservedCount);
    }

    [TestMethod]
    public void Downsample_StrideBelowTwo_ThrowsNamingStride()
    {
        Assert.AreEqual("stride", Assert.Throws<ArgumentOutOfRangeException>(() => MaskFactory.Downsample(4, 4, 1)).ParamName);
    }

    [TestMethod]
    public void Text_MissesTheInkOfTheGlyphsScaledByTheStrokeThickness()
    {
        // H has 17 ink cells, I has 11; the automatic scale at 256 x 256 is 4 (each cell a 4 x 4 block).
        Assert.AreEqual(28 * 16, MaskFactory.Text(256, 256, "HI").MissingCount);
        Assert.AreEqual(28 * 4, MaskFactory.Text(256, 256, "HI", scale: 2).MissingCount);
        Assert.AreEqual(28, MaskFactory.Text(64, 64, "HI").MissingCount);
    }

    [TestMethod]
    public void Text_IsDeterministicAndDrawsLowerCaseAsUpperCase()
    {
        var first = MaskFactory.Text(128, 160, "Hello, world! 42?");

        CollectionAssert.AreEqual(first.Values, MaskFactory.Text(128, 160, "Hello, world! 42?").Values);
        CollectionAssert.AreEqual(first.Values, MaskFactory.Text(128, 160, "HELLO, WORLD! 42?").Values);
    }

    [TestMethod]
    public void Text_UnknownCharacter_IsAFilledBox()
    {
        Assert.AreEqual(5 * 7, MaskFactory.Text(32, 32, "#", scale: 1).MissingCount);
        Assert.AreEqual(5 * 7 * 9, MaskFactory.Text(32, 32, "€", scale: 3).MissingCount);
    }

    [TestMethod]
    public void Text_WrapsAtWordsAndSplitsWordsLongerThanALine()
    {
        // Width 40 at scale 1 holds 6 characters per line.
        CollectionAssert.AreEqual(MaskFactory.Text(40, 40, "AAAA\nBBBB", 1).Values, MaskFactory.Text(40, 40, "AAAA BBBB", 1).Values);
        CollectionAssert.AreEqual(MaskFactory.Text(40, 40, "ABCDEF\nGHIJ", 1).Values, MaskFactory.Text(40, 40, "ABCDEFGHIJ", 1).Values);
    }

    [TestMethod]
    public void Text_LongCaption_CoversTheImageFromTopToBottom()
    {
        var mask = MaskFactory.Text(64, 64, "The quick brown fox jumps over the lazy dog 0123456789");

        int RowsMissing(int from, int to) => Enumerable.Range(from * 64, (to - from) * 64).Count(i => mask.Values[i] == 0f);
        Assert.IsGreaterThan(0, RowsMissing(0, 16), "top quarter");
        Assert.IsGreaterThan(0, RowsMissing(48, 64), "bottom quarter");
        Assert.IsTrue(mask.MissingFraction is > 0.05 and < 0.5, $"missing fraction {mask.MissingFraction}");
    }

    [TestMethod]
    public void Text_NothingToDraw_ThrowsNamingText()
    {
        Assert.AreEqual("text", Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.Text(32, 32, "")).ParamName);
        Assert.AreEqual("text", Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.Text(32, 32, " \n\t ")).ParamName);
        Assert.AreEqual("text", Assert.ThrowsExactly<ArgumentNullException>(() => MaskFactory.Text(32, 32, null!)).ParamName);
        Assert.AreEqual("scale", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MaskFactory.Text(32, 32, "A", -1)).ParamName);
    }

    [TestMethod]
    public void FromImage_ExactWhiteRules_AcceptOnlyPixelsWhoseChannelsAllRoundTo255()
    {
        // white, blue at 254, red at 254, mid gray, black, white within half a level (rounds to 255)
        var image = new ImageData(3, 1, 6, [
            1f, 1f, 254 / 255f, 0.5f, 0f, 0.999f,
            1f, 1f, 1f, 0.5f, 0f, 0.999f,
            1f, 254 / 255f, 1f, 0.5f, 0f, 0.999f]);

        var observed = MaskFactory.FromImage(image);
        var missing = MaskFactory.FromImage(image, MaskImageRule.ExactWhiteMissing);

        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f, 0f, 0f, 1f }, observed.Values);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 1f, 1f, 1f, 0f }, missing.Values);
    }

    [TestMethod]
    public void FromImage_NonBlackRule_MissesOnlyBlack()
    {
        var image = new ImageData(3, 1, 3, [0f, 0f, 0.001f, 0f, 0f, 0f, 0f, 1 / 255f, 0f]);

        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f }, MaskFactory.FromImage(image, MaskImageRule.NonBlackObserved).Values);
    }

    [TestMethod]
    public void FromImage_GrayImage_CountsAsEqualChannels()
    {
        var image = HandMadeImages.Gray(1, 3, 1f, 0.5f, 0f);

        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f }, MaskFactory.FromImage(image).Values);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 0f }, MaskFactory.FromImage(image, MaskImageRule.NonBlackObserved).Values);
    }

    [TestMethod]
    public void FromImage_AlphaRule_ThrowsBecauseImageDataHasNoAlpha()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.FromImage(HandMadeImages.Constant(3, 2, 2, 1f), MaskImageRule.AlphaObserved));

        Assert.AreEqual("rule", error.ParamName);
    }

    [TestMethod]
    public void FromFile_RgbaPng_AppliesTheAlphaOrTheColourRule()
    {
        using var temp = new TemporaryFolder();
        var path = temp.File("mask.png");
        File.WriteAllBytes(path, HandMadeImages.RgbaPng(1, 4, [255, 255, 255, 255, 255, 255, 255, 254, 0, 0, 0, 255, 255, 255, 255, 0]));

        CollectionAssert.AreEqual(new[] { 1f, 0f, 1f, 0f }, MaskFactory.FromFile(path, rule: MaskImageRule.AlphaObserved).Values);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 0f, 1f }, MaskFactory.FromFile(path).Values);
    }

    [TestMethod]
    public void FromFile_Resized_ThresholdsTheInterpolated8BitValues()
    {
        using var temp = new TemporaryFolder();
        var path = temp.File("edge.png");
        ImageIO.SavePng(HandMadeImages.Gray(1, 2, 1f, 0f), path);

        // Resized to 255, 191, 64, 0: only the replicated edge stays exactly white.
        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f, 0f }, MaskFactory.FromFile(path, 1, 4).Values);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f, 0f }, MaskFactory.FromFile(path, 1, 4, MaskImageRule.NonBlackObserved).Values);
    }

    [TestMethod]
    public void FromFile_OnlyOneSizeGiven_ThrowsNamingTheMissingOne()
    {
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.FromFile("any.png", height: 8)).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.FromFile("any.png", width: 8)).ParamName);
    }

    [TestMethod]
    public void FromFile_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"inrr-missing-{Guid.NewGuid():N}.png");

        Assert.Contains(path, Assert.ThrowsExactly<FileNotFoundException>(() => MaskFactory.FromFile(path, 8, 8)).Message);
    }

    [TestMethod]
    [DataRow(256, 57315)]
    [DataRow(128, 14330)]
    public void FromFile_PaperMask_EqualsTheProtocolMaskExactly(int size, int expectedObserved)
    {
        var expected = MaskFactory.FromImage(ImageIO.Load(SharedData.File("protocol", $"mask{size}.png")));

        var actual = MaskFactory.FromFile(SharedData.File("masks", "mask.png"), size, size);

        Assert.AreEqual(expectedObserved, actual.ObservedCount);
        CollectionAssert.AreEqual(expected.Values, actual.Values);
    }

    [TestMethod]
    public void Combine_ObservesOnlyPixelsObservedInBoth()
    {
        var a = new Mask(1, 4, [1f, 1f, 0f, 0f]);
        var b = new Mask(1, 4, [1f, 0f, 1f, 0f]);

        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f, 0f }, MaskFactory.Combine(a, b).Values);
    }

    [TestMethod]
    public void Combine_DifferentSizes_ThrowsNamingTheSecondMask()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => MaskFactory.Combine(new Mask(2, 2, new float[4]), new Mask(1, 4, new float[4])));

        Assert.AreEqual("b", error.ParamName);
    }
}
