using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

[TestClass]
public sealed class CompletionPipelineTests
{
    private readonly MLContext _ml = new(seed: 0);

    [TestMethod]
    public void TwoImagePipeline_EqualsTheEngine_KeepsObservedPixels_AndIsLazyAndCached()
    {
        var rows = TestData.TwoImages(size: 20, channels: 3);
        var data = TestData.Table(_ml, rows);
        var options = TestData.Quick(steps: 10);
        var model = _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            Completion = options, PixelScale = 1f, RawOutputColumnName = "Raw",
        }).Fit(data);

        using var monitor = ImageCompletionMonitor.Watch(model);
        var output = model.Transform(data);
        Assert.AreEqual(0, monitor.ImagesStarted, "Transform is lazy: nothing is fitted before rows are read");

        var completed = TestData.Column(output, "Completed");
        var raw = TestData.Column(output, "Raw");
        Assert.AreEqual(2, monitor.ImagesCompleted);
        for (int r = 0; r < rows.Count; r++)
        {
            var (_, image, mask) = rows[r];
            var engine = new CompletionFitter(options).Fit(mask.Apply(image), mask);
            CollectionAssert.AreEqual(engine.Completed.Pixels, completed[r], $"row {r}: the transform is the engine's fit");
            CollectionAssert.AreEqual(engine.RawOutput.Pixels, raw[r], $"row {r}: raw output");
            int plane = image.PlaneSize;
            for (int i = 0; i < completed[r].Length; i++)
                if (mask.Values[i % plane] == 1f) Assert.AreEqual(image.Pixels[i], completed[r][i], "observed pixels are kept exactly");
        }

        // Reading again (another pass, another column) reuses the fits.
        _ = TestData.Column(output, "Completed");
        Assert.AreEqual(2, monitor.ImagesCompleted, "no second fit");
        Assert.AreEqual(4, monitor.ImagesReused, "the Raw read and the second Completed read hit the cache");
    }

    [TestMethod]
    [DataRow(CompletionMethod.NavierStokes)]
    [DataRow(CompletionMethod.Telea)]
    [DataRow(CompletionMethod.FrequencySelective)]
    public void ClassicalMethods_AreCompletionsToo_AndEqualTheEngine(CompletionMethod method)
    {
        var rows = TestData.TwoImages(size: 20, channels: 3);
        var data = TestData.Table(_ml, rows);
        var options = CompletionOptions.Guided with { Method = method };
        var completed = TestData.Column(_ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = options, PixelScale = 1f })
            .Fit(data).Transform(data), "Completed");

        for (int r = 0; r < rows.Count; r++)
        {
            var (_, image, mask) = rows[r];
            CollectionAssert.AreEqual(new CompletionFitter(options).Fit(mask.Apply(image), mask).Completed.Pixels, completed[r], $"row {r}");
        }
    }

    /// <summary>One option of the engine changed from a tiny fit, by name (the DataRows of the test below).</summary>
    private static CompletionOptions Variant(string name)
    {
        var quick = TestData.Quick(steps: 12);
        return name switch
        {
            "output averaging" => quick with { OutputAveraging = 0.5 },
            "hold-out and early stopping" => quick with { HoldoutFraction = 0.2, EarlyStoppingPatience = 1, LogInterval = 2 },
            "random hold-out" => quick with { HoldoutFraction = 0.2, HoldoutShape = HoldoutShape.Random },
            "constant schedule" => quick with { LearningRateSchedule = LearningRateSchedule.Constant },
            "coarse stage" => quick with { CoarseFraction = 0.5, CoarseFactor = 2 },
            "regulariser start and baselines" => quick with
            {
                RegularizerStartStep = 3,
                Regularizers = [new TotalVariationOptions { Weight = 1e-3 }, new WeightDecayOptions(), new AirOptions(), new CosineDirichletOptions()],
            },
            "fourier features" => quick with { Representation = new FourierFeatureOptions { Features = 16, HiddenWidth = 16, HiddenLayers = 2 } },
            "deep matrix factorisation" => quick with { Representation = new DeepMatrixFactorizationOptions() },
            "inr-z" => quick with { Representation = new InrZOptions { Network = new SirenOptions { HiddenWidth = 16, HiddenLayers = 2, LearningRate = 1e-3 } } },
            "classical guide" => quick with { ClassicalGuide = new ClassicalGuideOptions(), HoldoutFraction = 0.1 },
            "default, few steps" => CompletionOptions.Guided with { Steps = 12, Threads = 1 },
            "paper, few steps" => CompletionOptions.Paper with { Steps = 12, Threads = 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown variant"),
        };
    }

    [TestMethod]
    [DataRow("output averaging")]
    [DataRow("hold-out and early stopping")]
    [DataRow("random hold-out")]
    [DataRow("constant schedule")]
    [DataRow("coarse stage")]
    [DataRow("regulariser start and baselines")]
    [DataRow("fourier features")]
    [DataRow("inr-z")]
    [DataRow("deep matrix factorisation")]
    [DataRow("classical guide")]
    [DataRow("default, few steps")]
    [DataRow("paper, few steps")]
    public void EveryCompletionOption_GivesTheEnginesPixels(string variant)
    {
        var rows = TestData.TwoImages(size: 16, channels: 3);
        var data = TestData.Table(_ml, rows);
        var options = Variant(variant);
        var completed = TestData.Column(_ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = options, PixelScale = 1f })
            .Fit(data).Transform(data), "Completed");
        for (int r = 0; r < rows.Count; r++)
        {
            var (_, image, mask) = rows[r];
            var engine = new CompletionFitter(options with { CaptureAdjacency = false }).Fit(mask.Apply(image), mask);
            CollectionAssert.AreEqual(engine.Completed.Pixels, completed[r], $"{variant}, row {r}: ML.NET must give the engine's pixels");
        }
    }

    [TestMethod]
    public void ColumnUnits_0To255_AndGrayImages_RoundTripThroughTheScale()
    {
        var rows = TestData.TwoImages(size: 16, channels: 1);
        var data = TestData.Table(_ml, rows, scale: 255f); // as ExtractPixels makes them
        var output = _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 6)).Fit(data).Transform(data);
        var completed = TestData.Column(output, "Completed");
        for (int r = 0; r < rows.Count; r++)
        {
            var (_, image, mask) = rows[r];
            for (int i = 0; i < image.Pixels.Length; i++)
            {
                if (mask.Values[i] == 1f) Assert.AreEqual(image.Pixels[i] * 255f, completed[r][i]);
                else Assert.IsTrue(completed[r][i] is >= 0f and <= 255.001f, $"hole value {completed[r][i]} is in the column's units");
            }
        }
    }

    [TestMethod]
    public void Seed_ChangesTheFit_AndInterleavedLayoutGivesTheSameImage()
    {
        var rows = TestData.TwoImages(size: 16, channels: 3).Take(1).ToList();
        var data = TestData.Table(_ml, rows);
        float[] Complete(int seed) => TestData.Column(
            _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { Completion = TestData.Quick(seed: seed), PixelScale = 1 })
                .Fit(data).Transform(data), "Completed")[0];
        CollectionAssert.AreNotEqual(Complete(0), Complete(1));

        // The same picture interleaved (H, W, C), as ExtractPixels(interleavePixelColors: true) makes it.
        var (_, image, mask) = rows[0];
        var interleaved = new float[image.Pixels.Length];
        for (int i = 0; i < image.PlaneSize; i++)
            for (int c = 0; c < 3; c++) interleaved[i * 3 + c] = image.Pixels[c * image.PlaneSize + i];
        var table = _ml.Data.LoadFromEnumerable(new[] { new { Pixels = interleaved, Mask = mask.Values } });
        var output = _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            Completion = TestData.Quick(), PixelScale = 1, InterleavedColors = true, ImageHeight = 16, ImageWidth = 16,
        }).Fit(table).Transform(table);
        var completedInterleaved = TestData.Column(output, "Completed")[0];
        var planar = Complete(0);
        for (int i = 0; i < image.PlaneSize; i++)
            for (int c = 0; c < 3; c++)
                Assert.AreEqual(planar[c * image.PlaneSize + i], completedInterleaved[i * 3 + c]);
    }

    [TestMethod]
    public void Monitor_ReportsProgress_AndCancellationStopsTheBatch()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16), scale: 255f); // 0..255, as the default PixelScale expects
        var model = _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 9)).Fit(data);

        var reports = new List<ImageCompletionProgress>();
        using (var monitor = ImageCompletionMonitor.Watch(model, new SynchronousProgress(reports)))
            _ = TestData.Column(model.Transform(data), "Completed");
        lock (reports)
        {
            Assert.AreEqual(2, reports.Count(r => r.Stage == ImageCompletionStage.Started));
            Assert.AreEqual(2, reports.Count(r => r.Stage == ImageCompletionStage.Completed));
            // Steps 0, 4, 8 are logged (LogInterval 4, last step 8).
            Assert.AreEqual(6, reports.Count(r => r.Stage == ImageCompletionStage.Fitting && r.Fit is not null));
        }

        // Cancel as soon as the first fit reports a step: the running fit stops and the second image never starts.
        using var cancellation = new CancellationTokenSource();
        var fresh = _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 9)).Fit(data);
        using var cancelling = ImageCompletionMonitor.Watch(fresh, new CancelOnFirstStep(cancellation), cancellation.Token);
        var e = Assert.Throws<Exception>(() => TestData.Column(fresh.Transform(data), "Completed"));
        var cancelled = TestData.Find<FitCancelledException>(e);
        Assert.IsNotNull(cancelled, $"expected a FitCancelledException, got {e}");
        Assert.AreEqual(1, cancelled.PartialResult.StepsRun);
        Assert.AreEqual(1, cancelling.ImagesStarted);
        Assert.AreEqual(0, cancelling.ImagesCompleted);
        Assert.AreEqual(1, cancelling.ImagesCancelled, "the cancelled fit reports Cancelled");
    }

    private sealed class SynchronousProgress(List<ImageCompletionProgress> reports) : IProgress<ImageCompletionProgress>
    {
        public void Report(ImageCompletionProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }

    private sealed class CancelOnFirstStep(CancellationTokenSource source) : IProgress<ImageCompletionProgress>
    {
        public void Report(ImageCompletionProgress value)
        {
            if (value.Stage == ImageCompletionStage.Fitting) source.Cancel();
        }
    }
}
