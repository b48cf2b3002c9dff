using Inrr.Torch.Imaging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>Pictures and settings that cannot run are refused before any work, with what would run instead.</summary>
[TestClass]
public sealed class LargeInputTests
{
    [TestMethod]
    public void APhoneSizedPicture_IsRefusedBeforeTheFit_WithTheSizeThatFits()
    {
        using var folder = new TestFolder();
        string photo = folder.File("photo.png");
        ImageIO.SavePng(ImageData.Zeros(1, 3000, 4000), photo);

        var (exitCode, output) = Cli.Run("complete", photo, "--mask", "random:0.3", "--out", folder.File("out.png"), "--max-memory", "2G", "--steps", "5", "--window", "off");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--size:");
        StringAssert.Contains(output, "4000x3000 picture needs about");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"Try --size \d+x\d+"));
        Assert.IsFalse(File.Exists(folder.File("out.png")));

        // The suggested size runs under the same limit.
        var suggested = System.Text.RegularExpressions.Regex.Match(output, @"Try --size (\d+)x(\d+)");
        int width = int.Parse(suggested.Groups[1].Value), height = int.Parse(suggested.Groups[2].Value);
        Assert.IsTrue(width < 4000 && Math.Abs(width * 3 - height * 4) <= 8, $"same aspect, smaller: {width}x{height}");
        var estimate = Inrr.Torch.Fitting.FitEstimate.For(Inrr.Torch.Fitting.CompletionOptions.Guided with { Windows = null }, 1, height, width);
        Assert.IsTrue(estimate.PeakBytes <= 2L << 30, "the suggested size fits the limit");
    }

    [TestMethod]
    public void AHugeSize_OrThreadCount_IsRefusedByName()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        var (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--size", "100000");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--size: Sides up to 16384");

        // A size that parses but needs more memory than allowed is refused before the picture is decoded and resized.
        (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--size", "12000", "--max-memory", "4G", "--window", "off");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "12000x12000 picture needs about");

        (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--threads", "100000");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--threads: expected 0 (torch's default) to 256");

        (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--max-memory", "lots");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--max-memory: Expected a size such as 4G");
    }

    [TestMethod]
    public void ATinyPicture_IsCompleted_WithSsimSkipped()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        var (exitCode, output) = Cli.Run(["complete", image, "--mask", "random:0.3", "--size", "8", "--out", folder.File("out.png"), .. Cli.Tiny]);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "SSIM NaN: skipped, its 11 x 11 window does not fit", "SSIM is skipped with a note");
        Assert.IsTrue(File.Exists(folder.File("out.png")));
    }

    [TestMethod]
    public void AMisspeltOptionsKey_IsRefusedByName()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        string options = folder.File("options.json");
        File.WriteAllText(options, "{ \"Stepz\": 5 }");
        var (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--options", options);
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--options:");
        StringAssert.Contains(output, "Stepz");
    }

    [TestMethod]
    public void AMaskFile_ResizedToTheWorkingSize_KeepsItsShareOfHoles()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png", size: 40);
        string mask = folder.MaskFile("mask.png", size: 40);
        var (exitCode, output) = Cli.Run(["complete", image, "--mask", mask, "--size", "30", "--out", folder.File("out.png"), .. Cli.Tiny]);
        Assert.AreEqual(0, exitCode, output);
        var match = System.Text.RegularExpressions.Regex.Match(output, @"mask file 40x40, ([\d.]+) % missing -> 30x30, ([\d.]+) % missing");
        Assert.IsTrue(match.Success, output);
        double before = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        double after = double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(before, after, 5, "nearest neighbour keeps the share of holes (bilinear + exact white had grown 30 % to 75 %)");
    }

    /// <summary>A 24 x 24 RGB picture whose left third is transparent (a cut-out), as a PNG with alpha.</summary>
    private static string CutOut(TestFolder folder)
    {
        var picture = SyntheticImage.Facade(24, 24, 3);
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(24, 24, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Unpremul));
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 24; x++)
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)(picture[0, y, x] * 255), (byte)(picture[1, y, x] * 255), (byte)(picture[2, y, x] * 255), x < 8 ? (byte)0 : (byte)255));
        string path = folder.File("cutout.png");
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    [TestMethod]
    public void MaskAlpha_CompletesTheTransparentPixels_OtherMasksSayAlphaIsDropped()
    {
        using var folder = new TestFolder();
        string image = CutOut(folder);
        var (exitCode, output) = Cli.Run(["complete", image, "--mask", "alpha", "--out", folder.File("out.png"), .. Cli.Tiny]);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "33.3 % missing", "the transparent third is the hole");

        (exitCode, output) = Cli.Run(["complete", image, "--mask", "random:0.2", "--out", folder.File("out2.png"), .. Cli.Tiny]);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "192 transparent or translucent pixels; their alpha is dropped");
    }

    [TestMethod]
    public void A16BitPicture_IsCompletedAtFullPrecision_AndWrittenAs16Bit()
    {
        using var folder = new TestFolder();
        // Values between 8-bit levels: k / 65535 with k not a multiple of 257.
        var picture = SyntheticImage.Facade(24, 24);
        var fine = new ImageData(1, 24, 24, picture.Pixels.Select((v, i) => (float)(Math.Round(v * 60000) + 1 + i % 7) / 65535f).ToArray());
        string image = folder.File("deep.png");
        Png16.Save(fine, image);
        Assert.IsTrue(Png16.Is16Bit(image));
        string output = folder.File("out.png");

        var (exitCode, console) = Cli.Run(["complete", image, "--mask", "random:0.3", "--out", output, .. Cli.Tiny]);
        Assert.AreEqual(0, exitCode, console);
        StringAssert.Contains(console, "written as a 16-bit PNG");
        Assert.IsTrue(Png16.Is16Bit(output), "16 bits in, 16 bits out");
        var completed = Png16.Load(output);
        var mask = Inrr.Torch.Masks.MaskFactory.Random(24, 24, 0.3, seed: 0);
        for (int i = 0; i < mask.Values.Length; i++)
            if (mask.Values[i] == 1f) Assert.AreEqual(fine.Pixels[i], completed.Pixels[i], $"observed pixel {i} kept at 16 bits");
    }
}
