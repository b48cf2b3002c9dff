using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>A picture larger than a window, through the tool: completed in windows, the engine's pixels, progress by window.</summary>
[TestClass]
public sealed class WindowedCommandTests
{
    [TestMethod]
    public void ALargePicture_IsCompletedInWindows_WithTheEnginesPixels_AndProgressCountsWindows()
    {
        using var folder = new TestFolder();
        string image = folder.File("wide.png");
        var picture = SyntheticImage.Facade(64, 120, 3);
        ImageIO.SavePng(picture, image);
        string output = folder.File("wide-completed.png");
        var (exitCode, console) = Cli.Run("complete", image, "--mask", "patch:4,4,10,8;100,50,12,10", "--color", "rgb", "--out", output,
            "--representation", "siren:2x16", "--steps", "4", "--threads", "1", "--window", "48", "--window-margin", "8", "--window-overlap", "8");
        Assert.AreEqual(0, exitCode, console);
        StringAssert.Matches(console, new System.Text.RegularExpressions.Regex(@"window \d+/\d+  step 4/4"), console);

        // The engine, given what the tool reads and the options it builds, writes the same pixels.
        var observed = ImageIO.Load(image, ImageColorMode.Rgb);
        var mask = MaskFactory.Patch(64, 120, new PixelRect(4, 4, 10, 8), new PixelRect(100, 50, 12, 10));
        var options = CompletionOptions.Guided with
        {
            Representation = new Inrr.Torch.Representations.SirenOptions { HiddenLayers = 2, HiddenWidth = 16 },
            Steps = 4, ReferencePixels = 0, Threads = 1, LogInterval = 1, CaptureAdjacency = true,
            Windows = new WindowOptions { Size = 48, Margin = 8, Overlap = 8 },
        };
        var engine = new CompletionFitter(options).Fit(observed, mask);
        Assert.IsTrue(engine.Windows.Count >= 2, $"{engine.Windows.Count} windows");
        string expected = folder.File("engine.png");
        ImageIO.SavePng(engine.Completed, expected);
        CollectionAssert.AreEqual(File.ReadAllBytes(expected), File.ReadAllBytes(output), "the tool writes the engine's pixels");
    }

    [TestMethod]
    public void WindowOptions_OutOfRange_AreRefusedByName()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        var (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--window", "8");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--window:");
        (exitCode, output) = Cli.Run("complete", image, "--mask", "random:0.3", "--window-margin", "-1");
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, "--window-margin:");
    }
}
