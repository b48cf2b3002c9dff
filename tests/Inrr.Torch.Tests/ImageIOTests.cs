using Inrr.Torch.Imaging;
using SkiaSharp;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class ImageIOTests
{
    [TestMethod]
    public void EncodePng_Gray_RoundTripsEvery8BitLevelExactlyAsAnOpaqueGrayPng()
    {
        var pixels = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();
        var png = ImageIO.EncodePng(new ImageData(1, 16, 16, pixels));

        var (colorType, alphaType, _) = HandMadeImages.Inspect(png);
        Assert.AreEqual(SKColorType.Gray8, colorType);
        Assert.AreEqual(SKAlphaType.Opaque, alphaType);
        CollectionAssert.AreEqual(pixels, ImageIO.Decode(png, ImageColorMode.Gray).Pixels);
    }

    [TestMethod]
    public void EncodePng_Rgb_RoundTripsExactlyAndIsOpaque()
    {
        var image = HandMadeImages.Random8Bit(3, 9, 13, seed: 1);
        var png = ImageIO.EncodePng(image);

        var (_, alphaType, rgba) = HandMadeImages.Inspect(png);
        Assert.AreEqual(SKAlphaType.Opaque, alphaType);
        Assert.IsTrue(rgba.Where((_, i) => i % 4 == 3).All(a => a == 255), "every alpha must be 255");
        var decoded = ImageIO.Decode(png, ImageColorMode.Rgb);
        Assert.AreEqual((3, 9, 13), (decoded.Channels, decoded.Height, decoded.Width));
        CollectionAssert.AreEqual(image.Pixels, decoded.Pixels);
    }

    [TestMethod]
    public void EncodePng_ClampsToUnitRangeAndRoundsToNearestLevel()
    {
        var image = HandMadeImages.Gray(1, 5, -0.5f, 1.5f, 0.3f / 255, 0.7f / 255, 100.4f / 255);

        var decoded = ImageIO.Decode(ImageIO.EncodePng(image), ImageColorMode.Gray);

        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f, 1 / 255f, 100 / 255f }, decoded.Pixels);
    }

    [TestMethod]
    public void SavePng_CreatesTheFolderOverwritesAndLeavesNoTemporaryFile()
    {
        using var temp = new TemporaryFolder();
        var path = Path.Combine(temp.Path, "nested", "deeper", "out.png");
        var second = HandMadeImages.Random8Bit(1, 5, 6, seed: 2);

        ImageIO.SavePng(HandMadeImages.Constant(1, 5, 6, 0.2f), path);
        ImageIO.SavePng(second, path);

        CollectionAssert.AreEqual(second.Pixels, ImageIO.Load(path).Pixels);
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [TestMethod]
    public void Decode_RgbaPng_KeepsTheStoredColoursAndDropsAlpha()
    {
        byte[] rgba = [200, 100, 50, 128, 10, 20, 30, 0, 255, 255, 255, 255];
        var png = HandMadeImages.RgbaPng(1, 3, rgba);

        var rgb = ImageIO.Decode(png, ImageColorMode.Rgb);
        var gray = ImageIO.Decode(png, ImageColorMode.Gray);

        CollectionAssert.AreEqual(new[] { 200 / 255f, 10 / 255f, 1f, 100 / 255f, 20 / 255f, 1f, 50 / 255f, 30 / 255f, 1f }, rgb.Pixels);
        Assert.AreEqual((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255, gray.Pixels[0], 1e-6);
        Assert.AreEqual((0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255, gray.Pixels[1], 1e-6);
        Assert.AreEqual(1f, gray.Pixels[2]);
    }

    [TestMethod]
    public void Decode_PaletteBmp_LooksUpThePaletteRowsTopDown()
    {
        (byte, byte, byte)[] palette = [(255, 0, 0), (0, 128, 255), (7, 7, 7)];
        byte[] indices = [0, 1, 2, 0, 1, /* row 1 */ 2, 2, 2, 1, 0, /* row 2 */ 1, 0, 0, 0, 2];
        var bmp = HandMadeImages.PaletteBmp(3, 5, palette, indices); // width 5: rows padded to 8 bytes

        var rgb = ImageIO.Decode(bmp, ImageColorMode.Rgb, "palette.bmp");
        var gray = ImageIO.Decode(bmp, ImageColorMode.Gray, "palette.bmp");

        Assert.AreEqual((3, 3, 5), (rgb.Channels, rgb.Height, rgb.Width));
        for (int i = 0; i < indices.Length; i++)
        {
            var (r, g, b) = palette[indices[i]];
            Assert.AreEqual(r / 255f, rgb[0, i / 5, i % 5]);
            Assert.AreEqual(g / 255f, rgb[1, i / 5, i % 5]);
            Assert.AreEqual(b / 255f, rgb[2, i / 5, i % 5]);
        }
        Assert.AreEqual(7 / 255f, gray[0, 0, 2], "a gray palette entry keeps its exact value");
        Assert.AreEqual((0.587 * 128 + 0.114 * 255) / 255, gray[0, 0, 1], 1e-6);
    }

    [TestMethod]
    public void Decode_GrayImageAsRgb_GivesThreeEqualChannels()
    {
        var image = HandMadeImages.Random8Bit(1, 4, 7, seed: 3);

        var rgb = ImageIO.Decode(ImageIO.EncodePng(image), ImageColorMode.Rgb);

        for (int c = 0; c < 3; c++)
            CollectionAssert.AreEqual(image.Pixels, rgb.Pixels.AsSpan(c * image.PlaneSize, image.PlaneSize).ToArray());
    }

    [TestMethod]
    public void Load_SharedImages_DecodesBmpPaletteBmpAndJpeg()
    {
        var baboon = ImageIO.Load(SharedData.File("images", "baboon.bmp"), ImageColorMode.Rgb);
        var boats = ImageIO.Load(SharedData.File("images", "boats.bmp"));
        var cameraman = ImageIO.Load(SharedData.File("images", "Cameraman.jpg"));

        Assert.AreEqual((3, 480, 500), (baboon.Channels, baboon.Height, baboon.Width));
        Assert.AreEqual((1, 576, 720), (boats.Channels, boats.Height, boats.Width));
        Assert.AreEqual((1, 240, 240), (cameraman.Channels, cameraman.Height, cameraman.Width));
        foreach (var image in new[] { baboon, boats, cameraman })
            Assert.IsGreaterThan(0.1f, image.Pixels.Max() - image.Pixels.Min(), "decoded to a flat image");
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"inrr-missing-{Guid.NewGuid():N}.png");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => ImageIO.Load(path));

        Assert.AreEqual(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    [TestMethod]
    public void Load_UndecodableFile_ThrowsInvalidDataNamingThePath()
    {
        using var temp = new TemporaryFolder();
        var path = temp.File("not-an-image.png");
        File.WriteAllText(path, "this is text, not a PNG");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ImageIO.Load(path));

        Assert.Contains(path, error.Message);
    }

    [TestMethod]
    public void Load_TruncatedPng_ThrowsInvalidData()
    {
        var png = ImageIO.EncodePng(HandMadeImages.Random8Bit(3, 32, 32, seed: 4));

        Assert.ThrowsExactly<InvalidDataException>(() => ImageIO.Decode(png[..(png.Length / 2)], ImageColorMode.Rgb, "half.png"));
    }

    [TestMethod]
    public void Load_NullOrEmptyPath_ThrowsNamingThePathParameter()
    {
        Assert.AreEqual("path", Assert.Throws<ArgumentException>(() => ImageIO.Load(null!)).ParamName);
        Assert.AreEqual("path", Assert.Throws<ArgumentException>(() => ImageIO.Load("")).ParamName);
        Assert.AreEqual("path", Assert.Throws<ArgumentException>(() => ImageIO.SavePng(HandMadeImages.Constant(1, 2, 2, 0f), "")).ParamName);
    }

    [TestMethod]
    public void Decode_EmptyBytes_ThrowsInvalidDataNamingTheSource()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ImageIO.Decode([], ImageColorMode.Gray, "empty.png"));

        Assert.Contains("empty.png", error.Message);
    }

    [TestMethod]
    public void Resize_Upsampling_InterpolatesBetweenPixelCentresAndReplicatesEdges()
    {
        var resized = ImageIO.Resize(HandMadeImages.Gray(1, 2, 0f, 1f), 1, 4);

        CollectionAssert.AreEqual(new[] { 0f, 0.25f, 0.75f, 1f }, resized.Pixels);
    }

    [TestMethod]
    public void Resize_Downsampling_SamplesBetweenTwoPixelsWithoutAntialiasing()
    {
        float[] line = [0f, 0.2f, 0.6f, 1f];

        var horizontal = ImageIO.Resize(HandMadeImages.Gray(1, 4, line), 1, 2);
        var vertical = ImageIO.Resize(HandMadeImages.Gray(4, 1, line), 2, 1);

        // Output centres fall halfway between source pixels 0|1 and 2|3; pixels further away do not count.
        CollectionAssert.AreEqual(new[] { 0.1f, 0.8f }, horizontal.Pixels);
        CollectionAssert.AreEqual(new[] { 0.1f, 0.8f }, vertical.Pixels);
    }

    [TestMethod]
    public void Resize_Rgb_ResizesEachChannelLikeAGrayImage()
    {
        var rgb = HandMadeImages.RandomFloat(3, 7, 9, seed: 5);

        var resized = ImageIO.Resize(rgb, 5, 12);

        for (int c = 0; c < 3; c++)
        {
            var channel = new ImageData(1, 7, 9, rgb.Pixels.AsSpan(c * rgb.PlaneSize, rgb.PlaneSize).ToArray());
            CollectionAssert.AreEqual(ImageIO.Resize(channel, 5, 12).Pixels, resized.Pixels.AsSpan(c * 60, 60).ToArray());
        }
    }

    [TestMethod]
    public void Resize_SameSize_ReturnsAnEqualCopy()
    {
        var image = HandMadeImages.RandomFloat(1, 6, 5, seed: 6);

        var resized = ImageIO.Resize(image, 6, 5);

        Assert.AreNotSame(image.Pixels, resized.Pixels);
        CollectionAssert.AreEqual(image.Pixels, resized.Pixels);
    }

    [TestMethod]
    public void Resize_NonPositiveSize_ThrowsNamingTheArgument()
    {
        var image = HandMadeImages.Constant(1, 4, 4, 0.5f);

        Assert.AreEqual("height", Assert.Throws<ArgumentOutOfRangeException>(() => ImageIO.Resize(image, 0, 4)).ParamName);
        Assert.AreEqual("width", Assert.Throws<ArgumentOutOfRangeException>(() => ImageIO.Resize(image, 4, -1)).ParamName);
    }

    [TestMethod]
    public void LoadResized_RoundsTo8BitsLikeTheReference()
    {
        using var temp = new TemporaryFolder();
        var path = temp.File("ramp.png");
        ImageIO.SavePng(HandMadeImages.Gray(1, 2, 0f, 1f), path);

        var resized = ImageIO.LoadResized(path, 1, 4);

        // 255 * 0.25 = 63.75 and 255 * 0.75 = 191.25, rounded to 8-bit levels.
        CollectionAssert.AreEqual(new[] { 0f, 64 / 255f, 191 / 255f, 1f }, resized.Pixels);
    }

    [TestMethod]
    public void LoadResized_KeepingTheSize_EqualsLoad()
    {
        using var temp = new TemporaryFolder();
        var path = temp.File("image.png");
        var image = HandMadeImages.Random8Bit(3, 6, 8, seed: 7);
        ImageIO.SavePng(image, path);

        CollectionAssert.AreEqual(image.Pixels, ImageIO.LoadResized(path, 6, 8, ImageColorMode.Rgb).Pixels);
    }

    [TestMethod]
    [DataRow(256)]
    [DataRow(128)]
    public void LoadResized_Baboon_EqualsTheProtocolPixelsExactly(int size)
    {
        var expected = ImageIO.Load(SharedData.File("protocol", $"baboon{size}.png"));

        var actual = ImageIO.LoadResized(SharedData.File("images", "baboon.bmp"), size, size);

        CollectionAssert.AreEqual(expected.Pixels, actual.Pixels);
    }

    [TestMethod]
    [DataRow(256)]
    [DataRow(128)]
    public void Resize_FloatPathOnBaboon_IsWithinOneLevelOfTheProtocolPixels(int size)
    {
        var expected = ImageIO.Load(SharedData.File("protocol", $"baboon{size}.png"));

        var actual = ImageIO.Resize(ImageIO.Load(SharedData.File("images", "baboon.bmp"), ImageColorMode.Rgb), size, size).ToGray();

        // Measured: rounded to 8 bits, max 1 level and mean 0.182 (256) / 0.183 (128) levels; unrounded, mean 0.300.
        var levels = actual.Pixels.Select((v, i) => Math.Abs(Math.Round(v * 255.0) - Math.Round(expected.Pixels[i] * 255.0))).ToArray();
        Assert.IsLessThanOrEqualTo(1.0, levels.Max());
        Assert.IsLessThan(0.2, levels.Average());
    }

    /// <summary>The engine's loader reads a 16-bit PNG at its 16 bits (a library user gets what the tool gets), resized or not, and writes it back alike.</summary>
    [TestMethod]
    public void A16BitPng_LoadsAtFullPrecision_AndSavesLikeItsSource()
    {
        string folder = Path.Combine(Path.GetTempPath(), "inrr-io-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var fine = new ImageData(1, 8, 8, Enumerable.Range(0, 64).Select(i => (i * 1000 + 7) / 65535f).ToArray());
            string deep = Path.Combine(folder, "deep.png");
            Png16.Save(fine, deep);
            var loaded = ImageIO.Load(deep);
            for (int i = 0; i < 64; i++) Assert.AreEqual(fine.Pixels[i], loaded.Pixels[i], 1e-6f, $"pixel {i}: 16-bit precision");
            Assert.IsTrue(loaded.Pixels.Any(v => Math.Abs(v * 255 - Math.Round(v * 255)) > 1e-3), "not rounded to 8 bits");
            var same = ImageIO.LoadResized(deep, 8, 8);
            CollectionAssert.AreEqual(loaded.Pixels, same.Pixels, "at its own size nothing is resampled");
            var half = ImageIO.LoadResized(deep, 4, 4);
            CollectionAssert.AreEqual(ImageIO.Resize(loaded, 4, 4).Pixels, half.Pixels, "resized in floats, not through 8 bits");

            string output = Path.Combine(folder, "out.png");
            Assert.IsTrue(ImageIO.SavePngLike(loaded, output, deep));
            Assert.IsTrue(Png16.Is16Bit(output), "16 bits in, 16 bits out");
            string shallowSource = Path.Combine(folder, "shallow.png");
            ImageIO.SavePng(fine, shallowSource);
            Assert.IsFalse(ImageIO.SavePngLike(loaded, output, shallowSource));
            Assert.IsFalse(Png16.Is16Bit(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
