using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

[TestClass]
public sealed class BadRowTests
{
    private readonly MLContext _ml = new(seed: 0);

    /// <summary>
    /// A folder batch with one good picture, one unreadable file, one missing file, and one picture whose mask has
    /// no observed pixel: files -> LoadImagePixels -> completion.
    /// </summary>
    private IDataView Batch(out string folder)
    {
        folder = TestData.TemporaryFolder();
        ImageIO.SavePng(SyntheticImage.Facade(16, 16, 3), Path.Combine(folder, "good.png"));
        ImageIO.SavePng(SyntheticImage.Facade(20, 20, 3), Path.Combine(folder, "blank-mask.png"));
        File.WriteAllText(Path.Combine(folder, "broken.png"), "this is not a PNG");
        var good = MaskFactory.Random(16, 16, 0.5, seed: 1).Values;
        var allMissing = new float[256];
        var rows = new[]
        {
            new Row { ImagePath = "good.png", Mask = good },
            new Row { ImagePath = "broken.png", Mask = good },
            new Row { ImagePath = "missing.png", Mask = good },
            new Row { ImagePath = "blank-mask.png", Mask = allMissing },
        };
        return _ml.Data.LoadFromEnumerable(rows);
    }

    private IEstimator<ITransformer> Pipeline(string folder, ErrorPolicy policy) =>
        _ml.Transforms.LoadImagePixels("Pixels", folder, "ImagePath", 16, 16, errorColumnName: "ImageError")
            .Append(_ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = TestData.Quick(steps: 4), ErrorPolicy = policy }));

    [TestMethod]
    public void Mark_CompletesTheGoodRow_AndMarksEachBadRowWithItsReason()
    {
        var data = Batch(out string folder);
        var output = Pipeline(folder, ErrorPolicy.Mark).Fit(data).Transform(data);

        // The loader resizes like the reference protocol (8-bit bilinear), in ExtractPixels' units.
        CollectionAssert.AreEqual(ImageIO.LoadResized(Path.Combine(folder, "good.png"), 16, 16, ImageColorMode.Rgb).Pixels.Select(v => MathF.Round(v * 255f)).ToArray(),
            TestData.Column(output, "Pixels")[0]);
        var loadErrors = output.GetColumn<string>("ImageError").ToList();
        Assert.AreEqual("", loadErrors[0]);
        StringAssert.Contains(loadErrors[1], "broken.png' could not be read");
        StringAssert.Contains(loadErrors[2], "missing.png' does not exist");

        var completed = TestData.Column(output, "Completed");
        var errors = output.GetColumn<string>("CompletedError").ToList();
        Assert.AreEqual("", errors[0]);
        Assert.IsTrue(completed[0].All(float.IsFinite));
        for (int r = 1; r < 4; r++)
        {
            Assert.AreEqual(768, completed[r].Length);
            Assert.IsTrue(completed[r].All(float.IsNaN), $"row {r}: a failed row is NaN, never a plausible picture");
            StringAssert.StartsWith(errors[r], "Column 'Completed': the image in column 'Pixels' could not be completed:");
        }
        StringAssert.Contains(errors[1], "column 'Pixels' holds no pixel values in this row");
        StringAssert.Contains(errors[3], "the mask in column 'Mask' has no observed pixel");

        // "Skip": ML.NET's own filter drops the marked rows.
        var kept = _ml.Data.FilterRowsByMissingValues(output, "Completed");
        CollectionAssert.AreEqual(new[] { "good.png" }, kept.GetColumn<string>("ImagePath").ToArray());
    }

    [TestMethod]
    public void Throw_StopsOnTheFirstBadRow_WithAnErrorNamingTheColumn()
    {
        var data = Batch(out string folder);
        var output = Pipeline(folder, ErrorPolicy.Throw).Fit(data).Transform(data);
        Assert.IsFalse(output.Schema.GetColumnOrNull("CompletedError").HasValue, "no error column under Throw");
        var e = Assert.Throws<Exception>(() => TestData.Column(output, "Completed"));
        var failure = TestData.Find<ImageCompletionException>(e);
        Assert.IsNotNull(failure, $"expected an ImageCompletionException, got {e}");
        Assert.AreEqual("Completed", failure.ColumnName);
        StringAssert.Contains(failure.Message, "column 'Pixels' holds no pixel values in this row");
    }

    [TestMethod]
    public void ValuesOutsideTheScale_AreABadRow_ThatSaysHowToFixIt()
    {
        var rows = TestData.TwoImages(size: 16);
        var data = TestData.Table(_ml, rows, scale: 255f);
        var output = _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = TestData.Quick(steps: 2), PixelScale = 1f })
            .Fit(data).Transform(data);
        var error = output.GetColumn<string>("CompletedError").First();
        StringAssert.Contains(error, "times PixelScale 1 is outside [0, 1]");
        StringAssert.Contains(error, "1/255 for ExtractPixels' default output");
    }

    [TestMethod]
    public void ValuesAlreadyIn0To1_WithTheDefaultScale_AreABadRow_ThatNamesTheColumnAndRange()
    {
        var rows = TestData.TwoImages(size: 16);
        var data = TestData.Table(_ml, rows, scale: 1f); // [0, 1] values, but the default PixelScale is 1/255
        var output = _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = TestData.Quick(steps: 2) })
            .Fit(data).Transform(data);

        var errors = output.GetColumn<string>("CompletedError").ToList();
        Assert.AreEqual(2, errors.Count(e => e is not null), "both rows are refused, none is fitted into garbage");
        StringAssert.Contains(errors[0], "column 'Pixels' has values in [0, 1]");
        StringAssert.Contains(errors[0], "expects values in [0, 255]");
        StringAssert.Contains(errors[0], "PixelScale = 1");
        var thrown = Assert.Throws<Exception>(() => TestData.Column(_ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            Completion = TestData.Quick(steps: 2), ErrorPolicy = ErrorPolicy.Throw,
        }).Fit(data).Transform(data), "Completed"));
        StringAssert.Contains(TestData.Find<ImageCompletionException>(thrown)?.Message, "has values in [0, 1]", "Throw makes it an exception");
    }

    public sealed class Row
    {
        public string ImagePath { get; set; } = "";
        [VectorType(16, 16)] public float[] Mask { get; set; } = [];
    }

    [TestMethod]
    public void AFitTooLargeForItsMemory_IsARowError_NotAKilledProcess()
    {
        var rows = TestData.TwoImages(size: 16);
        var data = TestData.Table(_ml, rows, scale: 255f);
        var completion = TestData.Quick(steps: 4) with { MemoryLimitBytes = 1L << 20 }; // 1 MB: less than any fit needs
        var output = _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = completion }).Fit(data).Transform(data);
        var errors = output.GetColumn<string>("CompletedError").ToList();
        Assert.AreEqual(2, errors.Count);
        foreach (var error in errors) StringAssert.Contains(error, "16x16 picture needs about");
    }
}
