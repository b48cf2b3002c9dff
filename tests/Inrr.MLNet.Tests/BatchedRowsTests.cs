using System.Collections.Concurrent;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

/// <summary>PicturesPerFit: rows read ahead and fitted together, each with the result of its own fit.</summary>
[TestClass]
public sealed class BatchedRowsTests
{
    private static List<(string Name, ImageData Image, Mask Mask)> FiveImages() =>
        Enumerable.Range(0, 5).Select(i =>
        {
            var picture = SyntheticImage.Facade(16, 16 + 2 * i, 1);
            var crop = new ImageData(1, 16, 16, Enumerable.Range(0, 256).Select(p => picture.Pixels[p / 16 * picture.Width + p % 16 + i]).ToArray());
            return ($"row{i}", crop, MaskFactory.Random(16, 16, 0.3 + 0.1 * (i % 3), seed: i));
        }).ToList();

    [TestMethod]
    public void RowsFittedTogether_GetTheirOwnFitsPixels_AndTheLogSaysSo()
    {
        var ml = new MLContext(seed: 0);
        var messages = new ConcurrentQueue<string>();
        ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info && e.Source.EndsWith("; CompleteImage", StringComparison.Ordinal)) messages.Enqueue(e.Message); };
        var rows = FiveImages();
        var data = TestData.Table(ml, rows, scale: 255f);
        var completion = TestData.Quick(steps: 60) with { ClassicalGuide = new ClassicalGuideOptions(), HoldoutFraction = 0.1 };
        ImageCompletionEstimator Estimator(int picturesPerFit) => ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            OutputColumnName = "Completed", InputColumnName = "Pixels", MaskColumnName = "Mask", Completion = completion, PicturesPerFit = picturesPerFit,
        });

        var one = TestData.Column(Estimator(1).Fit(data).Transform(data), "Completed");
        var together = TestData.Column(Estimator(2).Fit(data).Transform(data), "Completed");

        for (int r = 0; r < rows.Count; r++)
            for (int i = 0; i < one[r].Length; i++)
                Assert.AreEqual(one[r][i], together[r][i], 0.05, $"row {r}, value {i} (0..255 units): a row fitted with others gets its own fit's result");
        // Which rows share a fit depends on timing (the cursor starts a batch it reaches before it is full); that some do does not.
        Assert.IsTrue(messages.Any(m => m.Contains("16x16x1 images together")), string.Join("\n", messages));
    }

    [TestMethod]
    public void PicturesPerFit_WithOptionsItCannotBatch_IsRefusedNamingIt()
    {
        var ml = new MLContext(seed: 0);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            Completion = CompletionOptions.Fast with { Representation = new Inrr.Torch.Representations.FourierFeatureOptions() }, PicturesPerFit = 2,
        }));
        Assert.AreEqual("PicturesPerFit", e.ParamName);
        StringAssert.Contains(e.Message, "batched fits take SIREN");
    }
}
