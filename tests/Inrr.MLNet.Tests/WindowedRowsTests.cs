using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

/// <summary>CompleteImage on a row larger than one window: the engine's windowed pixels, observed values as they came.</summary>
[TestClass]
public sealed class WindowedRowsTests
{
    private sealed class ErrorRow
    {
        public string CompletedError { get; set; } = "";
    }

    [TestMethod]
    public void ALargeRow_IsCompletedInWindows_WithTheEnginesPixels()
    {
        var ml = new MLContext(seed: 0);
        var image = SyntheticImage.Facade(64, 120, 3);
        var mask = MaskFactory.Combine(MaskFactory.Text(64, 120, "AB"), MaskFactory.Patch(64, 120, new PixelRect(4, 4, 10, 8), new PixelRect(100, 50, 12, 10)));
        var completion = TestData.Quick(steps: 4) with
        {
            ClassicalGuide = new ClassicalGuideOptions(), HoldoutFraction = 0.1,
            Windows = new WindowOptions { Size = 48, Margin = 8, Overlap = 8 },
        };
        var data = TestData.Table(ml, [("wide", image, mask)]);
        var completed = TestData.Column(ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            OutputColumnName = "Completed", InputColumnName = "Pixels", MaskColumnName = "Mask", Completion = completion, PixelScale = 1f,
        }).Fit(data).Transform(data), "Completed")[0];
        var error = ml.Data.CreateEnumerable<ErrorRow>(ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            OutputColumnName = "Completed", InputColumnName = "Pixels", MaskColumnName = "Mask", Completion = completion, PixelScale = 1f,
        }).Fit(data).Transform(data), reuseRowObject: false).First().CompletedError;
        Assert.AreEqual("", error, error);

        var engine = new CompletionFitter(completion with { CaptureAdjacency = false }).Fit(image, mask);
        Assert.IsTrue(engine.Windows.Count >= 2, $"{engine.Windows.Count} windows");
        CollectionAssert.AreEqual(engine.Completed.Pixels, completed, "CompleteImage gives the engine's pixels");
        for (int i = 0; i < mask.Values.Length; i++)
            if (mask.Values[i] == 1f)
                Assert.AreEqual(image.Pixels[i], completed[i], $"observed value {i}");
    }
}
