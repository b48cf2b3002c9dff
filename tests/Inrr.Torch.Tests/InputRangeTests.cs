using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>The engine's API refuses pixel values it cannot mean, naming the argument and the pixel.</summary>
[TestClass]
public sealed class InputRangeTests
{
    [TestMethod]
    public void Pixels0To255_OrNaN_AreRefusedByTheFit_NamingThePixel()
    {
        var image = SyntheticImage.Facade(16, 16);
        var mask = MaskFactory.Random(16, 16, 0.3, seed: 1);
        var eightBit = new ImageData(1, 16, 16, image.Pixels.Select(v => v * 255).ToArray());
        var options = CompletionOptions.Telea;
        var e = Assert.Throws<ArgumentException>(() => new CompletionFitter(options).Fit(mask.Apply(eightBit), mask));
        Assert.AreEqual("image", e.ParamName);
        StringAssert.Contains(e.Message, "pixels are in [0, 1]");

        var truth = image.Clone();
        truth.Pixels[5] = float.NaN;
        var t = Assert.Throws<ArgumentException>(() => new CompletionFitter(options).Fit(mask.Apply(image), mask, truth));
        Assert.AreEqual("truth", t.ParamName);

        // Holes are never read: NaN there is fine.
        var holesNaN = mask.Apply(image);
        for (int i = 0; i < mask.Values.Length; i++) if (mask.Values[i] == 0) holesNaN.Pixels[i] = float.NaN;
        Assert.IsNotNull(new CompletionFitter(options).Fit(holesNaN, mask).Completed);
    }

    [TestMethod]
    public void SavingANaNPixel_IsRefused_NotWrittenAsBlack()
    {
        var image = SyntheticImage.Facade(16, 16);
        image.Pixels[3] = float.NaN;
        string path = Path.Combine(Path.GetTempPath(), $"inrr-nan-{Guid.NewGuid():N}.png");
        var e = Assert.Throws<ArgumentException>(() => ImageIO.SavePng(image, path));
        Assert.AreEqual("image", e.ParamName);
        Assert.IsFalse(File.Exists(path));
    }
}
