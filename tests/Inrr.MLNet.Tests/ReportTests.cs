using Inrr.Torch.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Inrr.MLNet.Tests;

/// <summary>The report library in the process of an ML.NET image pipeline (both on SkiaSharp 2.88).</summary>
[TestClass]
public sealed class ReportTests
{
    [TestMethod]
    public void EvaluationReport_IsWrittenNextToImageAnalytics_WithPanelsAndOneRowPerImage()
    {
        string folder = TestData.TemporaryFolder();
        string images = TestData.PictureFiles(folder, secondChannels: 3);
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(Directory.GetFiles(images).Order(StringComparer.Ordinal).Select(p => new { ImagePath = p }).ToList());
        var completed = ml.Transforms.LoadImages("Image", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 20, 20))
            .Append(ml.Transforms.ExtractPixels("Truth", "Image"))
            .Append(ml.Transforms.GenerateRandomMask("Mask", 20, 20, 0.4, seed: 5))
            .Append(ml.Transforms.ApplyMask("Observed", "Truth", "Mask"))
            .Append(ml.Transforms.CompleteImage("Completed", "Observed", "Mask", TestData.Quick(steps: 6)))
            .Append(ml.Transforms.ConvertPixelsToImage("CompletedImage", "Completed"))
            .Fit(data).Transform(data);
        // ImageAnalytics' own images are read in this process too.
        Assert.AreEqual(2, completed.GetColumn<MLImage>("CompletedImage").Count(i => i is { Width: 20 }));

        var evaluation = ml.EvaluateImageCompletion(completed, "Truth", "Completed", "Mask",
            new ImageCompletionEvaluator.Options { ImageIdColumnName = "ImagePath", KeepImages = true });
        string html = evaluation.WriteReport(Path.Combine(folder, "report"), "two pictures", ["completion: a tiny test fit"]);

        Assert.IsTrue(File.Exists(html));
        string report = Path.GetDirectoryName(html)!;
        using (var panels = SKBitmap.Decode(Path.Combine(report, "panels.png")))
            Assert.IsTrue(panels.Width > 4 * 20 && panels.Height > 2 * 20, "one row of four panels per picture");
        var csv = File.ReadAllLines(Path.Combine(report, "metrics.csv"));
        Assert.AreEqual(3, csv.Length, "a header and one row per image");
        StringAssert.StartsWith(csv[1], "a.png,");
        StringAssert.Contains(File.ReadAllText(Path.Combine(report, "report.md")), "completion: a tiny test fit");
        Assert.IsTrue(File.Exists(Path.Combine(report, "completed-b.png")), "completed-ID.png without the id's own extension");
        Assert.AreEqual(0, Directory.GetFiles(report, "*.png.png").Length);
        Assert.AreEqual(evaluation.Mean!.PsnrHoles, double.Parse(csv[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)
            / 2 + double.Parse(csv[2].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) / 2, 0.01, "the rows are the evaluation's");
    }
}
