using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Inrr.Cli.Tests;

/// <summary>
/// The tool runs the engine (built against SkiaSharp 2.88) on SkiaSharp 3.119, which ScottPlot needs. These
/// tests run in a process that has 3.x loaded and check the engine's image and mask IO still works there.
/// </summary>
[TestClass]
public sealed class SkiaSharpCompatibilityTests
{
    [TestMethod]
    public void TheToolRunsOnSkiaSharp3()
    {
        Assert.AreEqual(3, typeof(SKBitmap).Assembly.GetName().Version!.Major,
            "the CLI's VersionOverride must bring SkiaSharp 3.x, else these tests check nothing");
    }

    [TestMethod]
    public void EngineImageIO_RoundTripsGrayAndRgbPngs()
    {
        using var folder = new TestFolder();
        foreach (int channels in new[] { 1, 3 })
        {
            var image = SyntheticImage.Facade(17, 23, channels);
            string path = folder.File($"c{channels}.png");
            ImageIO.SavePng(image, path);
            var back = ImageIO.Load(path, channels == 1 ? ImageColorMode.Gray : ImageColorMode.Rgb);
            Assert.AreEqual((channels, 17, 23), (back.Channels, back.Height, back.Width));
            for (int i = 0; i < image.Pixels.Length; i++)
                Assert.AreEqual(image.Pixels[i], back.Pixels[i], 0.5 / 255 + 1e-6, $"pixel {i} of a {channels}-channel image");
            Assert.AreEqual(12, ImageIO.LoadResized(path, 12, 9).Height);
        }
    }

    [TestMethod]
    public void EngineDecoder_ReadsJpegWrittenBySkiaSharp3_AndMaskFiles()
    {
        using var folder = new TestFolder();
        using var bitmap = new SKBitmap(new SKImageInfo(16, 12, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < 12; y++)
            for (int x = 0; x < 16; x++)
                bitmap.SetPixel(x, y, x < 8 ? SKColors.White : SKColors.Black);
        using (var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95))
            File.WriteAllBytes(folder.File("a.jpg"), jpeg.ToArray());
        using (var png = bitmap.Encode(SKEncodedImageFormat.Png, 100))
            File.WriteAllBytes(folder.File("mask.png"), png.ToArray());

        var decoded = ImageIO.Load(folder.File("a.jpg"));
        Assert.AreEqual((12, 16), (decoded.Height, decoded.Width));
        Assert.IsTrue(decoded[0, 5, 2] > 0.9f && decoded[0, 5, 13] < 0.1f);
        var mask = MaskFactory.FromFile(folder.File("mask.png"));
        Assert.AreEqual(12 * 8, mask.ObservedCount);
        Assert.IsTrue(mask.IsObserved(0, 0));
        Assert.IsFalse(mask.IsObserved(0, 15));
    }
}
