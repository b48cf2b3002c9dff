using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

[TestClass]
public sealed class MaskTransformTests
{
    private readonly MLContext _ml = new(seed: 0);

    [TestMethod]
    public void GeneratedMasks_AreTheEnginesMasks_InEveryRow()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 24));
        var output = _ml.Transforms.GenerateRandomMask("Random", 24, 24, 0.3, seed: 7)
            .Append(_ml.Transforms.GenerateTextMask("Text", 24, 24, "HI"))
            .Append(_ml.Transforms.GeneratePatchMask("Patch", 24, 24, new PixelRect(1, 2, 3, 4)))
            .Append(_ml.Transforms.GenerateMask(new MaskGeneratingEstimator.Options { OutputColumnName = "Grid", ImageHeight = 24, ImageWidth = 24, Kind = MaskKind.Downsample, Stride = 3 }))
            .Fit(data).Transform(data);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 24, 24), output.Schema["Random"].Type);
        foreach (var (column, expected) in new[]
        {
            ("Random", MaskFactory.Random(24, 24, 0.3, 7)), ("Text", MaskFactory.Text(24, 24, "HI")),
            ("Patch", MaskFactory.Patch(24, 24, new PixelRect(1, 2, 3, 4))), ("Grid", MaskFactory.Downsample(24, 24, 3)),
        })
        {
            var rows = TestData.Column(output, column);
            Assert.AreEqual(2, rows.Count);
            foreach (var row in rows) CollectionAssert.AreEqual(expected.Values, row, column);
        }
    }

    [TestMethod]
    public void ApplyMask_SetsHolesInEveryChannel_AndKeepsTheRest()
    {
        var rows = TestData.TwoImages(size: 16, channels: 3);
        var data = TestData.Table(_ml, rows, scale: 255f);
        var output = _ml.Transforms.ApplyMask("Observed", "Pixels", "Mask", holeValue: -1f).Fit(data).Transform(data);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3, 16, 16), output.Schema["Observed"].Type);
        var observed = TestData.Column(output, "Observed");
        for (int r = 0; r < rows.Count; r++)
        {
            var expected = rows[r].Mask.Apply(rows[r].Image, holeValue: -1f / 255f).Pixels.Select(v => v * 255f).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.AreEqual(expected[i], observed[r][i], 1e-4f);
        }
    }

    [TestMethod]
    public void ExtractMask_AppliesTheEnginesRule_ToMaskImagePixels()
    {
        // A mask picture: white = observed, a gray stroke and a not-quite-white pixel = missing, plus an alpha plane.
        var picture = ImageData.Zeros(3, 16, 16);
        Array.Fill(picture.Pixels, 1f);
        for (int x = 2; x < 12; x++)
            for (int c = 0; c < 3; c++) picture[c, 5, x] = 0.5f;
        picture[0, 9, 9] = 254f / 255f;
        var alpha = Enumerable.Repeat(255f, 256).ToArray();
        alpha[3] = 128f;
        var argb = alpha.Concat(picture.Pixels.Select(v => MathF.Round(v * 255f))).ToArray();
        var data = _ml.Data.LoadFromEnumerable(new[] { new MaskPicture { Pixels = argb } });

        var output = _ml.Transforms.ExtractMask("White", "Pixels")
            .Append(_ml.Transforms.ExtractMask("Alpha", "Pixels", MaskImageRule.AlphaObserved))
            .Fit(data).Transform(data);
        CollectionAssert.AreEqual(MaskFactory.FromImage(picture).Values, TestData.Column(output, "White")[0]);
        var alphaMask = TestData.Column(output, "Alpha")[0];
        Assert.AreEqual(255, alphaMask.Count(v => v == 1f));
        Assert.AreEqual(0f, alphaMask[3]);
    }

    [TestMethod]
    public void ConvertPixelsToImage_MakesOpaqueImages_GrayAndRgb_AndNullForFailedRows()
    {
        var gray = SyntheticImage.Facade(16, 16, 1);
        var data = TestData.Table(_ml, [("g", gray, MaskFactory.Random(16, 16, 0.5, 1))], scale: 255f);
        var output = _ml.Transforms.ConvertPixelsToImage("Image", "Pixels").Fit(data).Transform(data);
        var image = output.GetColumn<MLImage>("Image").Single();
        Assert.AreEqual((16, 16), (image.Width, image.Height));
        var pixels = image.Pixels.ToArray(); // BGRA
        for (int i = 0; i < 256; i++)
        {
            byte expected = (byte)MathF.Round(gray.Pixels[i] * 255f);
            Assert.AreEqual((expected, expected, expected, (byte)255), (pixels[4 * i], pixels[4 * i + 1], pixels[4 * i + 2], pixels[4 * i + 3]));
        }

        var nan = _ml.Data.LoadFromEnumerable(new[] { new Picture { Pixels = Enumerable.Repeat(float.NaN, 768).ToArray() } });
        var none = _ml.Transforms.ConvertPixelsToImage("Image", "Pixels").Fit(nan).Transform(nan);
        Assert.IsNull(none.GetColumn<MLImage?>("Image").Single(), "a failed row gives no picture");
    }

    [TestMethod]
    public void FolderPipeline_LoadResizeExtract_MaskFromFiles_FeedsCompletion()
    {
        string folder = TestData.TemporaryFolder();
        ImageIO.SavePng(SyntheticImage.Facade(24, 24, 3), Path.Combine(folder, "a.png"));
        var maskPicture = ImageData.Zeros(1, 24, 24);
        Array.Fill(maskPicture.Pixels, 1f);
        for (int x = 3; x < 20; x++) maskPicture[0, 11, x] = 0f;
        ImageIO.SavePng(maskPicture, Path.Combine(folder, "a-mask.png"));
        var data = _ml.Data.LoadFromEnumerable(new[] { new Paths { ImagePath = "a.png", MaskPath = "a-mask.png" } });

        var output = _ml.Transforms.LoadImages("Image", folder, "ImagePath")
            .Append(_ml.Transforms.ResizeImages("Image", 24, 24))
            .Append(_ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Append(_ml.Transforms.LoadImages("MaskImage", folder, "MaskPath"))
            .Append(_ml.Transforms.ResizeImages("MaskImage", 24, 24))
            .Append(_ml.Transforms.ExtractPixels("MaskPixels", "MaskImage"))
            .Append(_ml.Transforms.ExtractMask("Mask", "MaskPixels"))
            .Append(_ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 4)))
            .Fit(data).Transform(data);
        CollectionAssert.AreEqual(maskPicture.Pixels, TestData.Column(output, "Mask")[0], "the mask file gives the engine's mask");
        Assert.AreEqual("", output.GetColumn<string>("CompletedError").Single());
        Assert.IsTrue(TestData.Column(output, "Completed")[0].All(float.IsFinite));
    }

    public sealed class MaskPicture
    {
        [VectorType(4, 16, 16)] public float[] Pixels { get; set; } = [];
    }

    public sealed class Picture
    {
        [VectorType(3, 16, 16)] public float[] Pixels { get; set; } = [];
    }

    public sealed class Paths
    {
        public string ImagePath { get; set; } = "";
        public string MaskPath { get; set; } = "";
    }
}
