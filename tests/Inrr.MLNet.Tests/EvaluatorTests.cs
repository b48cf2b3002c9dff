using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

[TestClass]
public sealed class EvaluatorTests
{
    private readonly MLContext _ml = new(seed: 0);

    public sealed class Row
    {
        public string Id { get; set; } = "";
        [VectorType(3, 16, 16)] public float[] Truth { get; set; } = [];
        [VectorType(3, 16, 16)] public float[] Completed { get; set; } = [];
        [VectorType(16, 16)] public float[] Mask { get; set; } = [];
        public string Error { get; set; } = "";
    }

    [TestMethod]
    public void Evaluate_MatchesTheEnginesMetrics_AndMLNetRegressionMetricsOverHolePixels()
    {
        // Two truth/prediction pairs with known errors, in ExtractPixels units (0..255).
        var truths = new[] { SyntheticImage.Facade(16, 16, 3), Flip(SyntheticImage.Facade(16, 16, 3)) };
        var predictions = truths.Select((t, k) => Perturb(t, seed: k)).ToArray();
        var masks = new[] { MaskFactory.Random(16, 16, 0.3, seed: 2), MaskFactory.Patch(16, 16, new PixelRect(2, 3, 5, 6)) };
        var rows = Enumerable.Range(0, 2).Select(k => new Row
        {
            Id = $"img{k}",
            Truth = truths[k].Pixels.Select(v => v * 255f).ToArray(),
            Completed = predictions[k].Pixels.Select(v => v * 255f).ToArray(),
            Mask = masks[k].Values,
        }).ToList();

        var evaluation = new ImageCompletionEvaluator(_ml).Evaluate(_ml.Data.LoadFromEnumerable(rows), "Truth", "Completed", "Mask",
            new ImageCompletionEvaluator.Options { ImageIdColumnName = "Id" });
        var fromCatalog = _ml.EvaluateImageCompletion(_ml.Data.LoadFromEnumerable(rows), "Truth", "Completed", "Mask");

        Assert.AreEqual(2, evaluation.EvaluatedCount);
        CollectionAssert.AreEqual(evaluation.Images.Select(i => i.Metrics).ToArray(), fromCatalog.Images.Select(i => i.Metrics).ToArray(),
            "the MLContext extension is the evaluator");
        var labels = new List<double>();
        var scores = new List<double>();
        for (int k = 0; k < 2; k++)
        {
            // The engine on the same arrays, brought to [0, 1] the way the evaluator does it.
            var truth = new ImageData(3, 16, 16, rows[k].Truth.Select(v => v * (1f / 255)).ToArray());
            var prediction = new ImageData(3, 16, 16, rows[k].Completed.Select(v => v * (1f / 255)).ToArray());
            var expected = ImageMetrics.Evaluate(prediction, truth, masks[k]);
            var score = evaluation.Images[k];
            Assert.AreEqual($"img{k}", score.ImageId);
            Assert.AreEqual(expected, score.Metrics, "per-image metrics are the engine's");
            Assert.AreEqual(masks[k].MissingCount, score.HolePixels);
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 256; i++)
                    if (masks[k].Values[i] == 0f)
                    {
                        labels.Add(truth.Pixels[c * 256 + i]);
                        scores.Add(prediction.Pixels[c * 256 + i]);
                    }
        }
        var mean = evaluation.Mean!;
        var all = evaluation.Images.Select(i => i.Metrics!).ToList();
        Assert.AreEqual(all.Average(m => m.PsnrHoles), mean.PsnrHoles, 1e-12);
        Assert.AreEqual(all.Average(m => m.Ssim), mean.Ssim, 1e-12);

        // ML.NET's RegressionMetrics over the pooled hole pixels, against a direct computation.
        double mae = labels.Zip(scores, (l, s) => Math.Abs(l - s)).Average();
        double mse = labels.Zip(scores, (l, s) => (l - s) * (l - s)).Average();
        double labelMean = labels.Average();
        double r2 = 1 - labels.Zip(scores, (l, s) => (l - s) * (l - s)).Sum() / labels.Sum(l => (l - labelMean) * (l - labelMean));
        var regression = evaluation.HolePixels!;
        Assert.AreEqual(mae, regression.MeanAbsoluteError, 1e-6);
        Assert.AreEqual(mse, regression.MeanSquaredError, 1e-7);
        Assert.AreEqual(Math.Sqrt(mse), regression.RootMeanSquaredError, 1e-6);
        Assert.AreEqual(r2, regression.RSquared, 1e-5);
    }

    [TestMethod]
    public void FailedRows_AreListedWithTheirReason_AndLeftOutOfTheAggregates()
    {
        var truth = SyntheticImage.Facade(16, 16, 3).Pixels.Select(v => v * 255f).ToArray();
        var mask = MaskFactory.Random(16, 16, 0.5, seed: 3).Values;
        var nan = Enumerable.Repeat(float.NaN, truth.Length).ToArray();
        var rows = new[]
        {
            new Row { Id = "good", Truth = truth, Completed = truth, Mask = mask },
            new Row { Id = "marked", Truth = truth, Completed = nan, Mask = mask, Error = "Column 'Completed': it failed" },
            new Row { Id = "nan", Truth = truth, Completed = nan, Mask = mask },
            new Row { Id = "no holes", Truth = truth, Completed = truth, Mask = Enumerable.Repeat(1f, 256).ToArray() },
        };
        var evaluation = new ImageCompletionEvaluator(_ml).Evaluate(_ml.Data.LoadFromEnumerable(rows), "Truth", "Completed", "Mask",
            new ImageCompletionEvaluator.Options { ImageIdColumnName = "Id", ErrorColumnName = "Error" });
        Assert.AreEqual(1, evaluation.EvaluatedCount);
        Assert.AreEqual(3, evaluation.FailedCount);
        Assert.AreEqual("Column 'Completed': it failed", evaluation.Images[1].Error);
        StringAssert.Contains(evaluation.Images[2].Error, "NaN");
        StringAssert.Contains(evaluation.Images[3].Error, "no hole");
        Assert.IsTrue(double.IsPositiveInfinity(evaluation.Mean!.PsnrHoles), "only the perfect row counts");
        Assert.AreEqual(0, evaluation.HolePixels!.MeanAbsoluteError);
    }

    [TestMethod]
    public void Evaluate_NamesAMissingOrMismatchedColumn()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { new Row { Truth = new float[768], Completed = new float[768], Mask = new float[256] } });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ImageCompletionEvaluator(_ml).Evaluate(data, "Truth", "Prediction", "Mask"));
        StringAssert.Contains(e.Message, "'Prediction' (completed pixels) was not found");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ImageCompletionEvaluator(_ml).Evaluate(data, "Truth", "Completed", "Id"));
        StringAssert.Contains(e.Message, "'Id' (mask) must be a vector of Single");
    }

    private static ImageData Flip(ImageData image)
    {
        var flipped = image.Clone();
        for (int c = 0; c < image.Channels; c++)
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    flipped[c, y, x] = image[c, image.Height - 1 - y, x];
        return flipped;
    }

    private static ImageData Perturb(ImageData image, int seed)
    {
        var random = new Random(seed);
        var result = image.Clone();
        for (int i = 0; i < result.Pixels.Length; i++)
            result.Pixels[i] = Math.Clamp(result.Pixels[i] + (float)(random.NextDouble() - 0.5) * 0.3f, 0f, 1f);
        return result;
    }
}
