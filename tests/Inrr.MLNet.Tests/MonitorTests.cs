using System.Collections.Concurrent;
using System.Reflection;
using Inrr.Torch.Fitting;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

/// <summary>Progress, logging and cancellation belong to one pipeline (its model and its MLContext), not the process.</summary>
[TestClass]
public sealed class MonitorTests
{
    [TestMethod]
    public void EveryFit_LogsStartStepsAndEnd_ToItsMLContext()
    {
        var ml = new MLContext(seed: 0);
        var messages = new ConcurrentQueue<LoggingEventArgs>();
        ml.Log += (_, e) => { if (e.Source.EndsWith("; CompleteImage", StringComparison.Ordinal)) messages.Enqueue(e); };
        var data = TestData.Table(ml, TestData.TwoImages(size: 16), scale: 255f);
        var model = ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 9)).Fit(data);

        _ = TestData.Column(model.Transform(data), "Completed"); // no monitor: the MLContext hears it anyway

        var texts = messages.Select(m => (m.Kind, m.Message)).ToList();
        Assert.AreEqual(2, texts.Count(t => t.Kind == ChannelMessageKind.Info && t.Message.Contains("fitting a 16x16x3 image")), string.Join("\n", texts));
        Assert.AreEqual(2, texts.Count(t => t.Kind == ChannelMessageKind.Info && t.Message.Contains("done in")), string.Join("\n", texts));
        // Steps 0, 4 and 8 of each fit (LogInterval 4).
        Assert.AreEqual(6, texts.Count(t => t.Kind == ChannelMessageKind.Trace && t.Message.Contains(": step ")), string.Join("\n", texts));
    }

    [TestMethod]
    public void TheMLContextsCancellation_StopsTheRunningFit_WhichReportsCancelled()
    {
        var ml = new MLContext(seed: 0);
        var data = TestData.Table(ml, TestData.TwoImages(size: 16), scale: 255f);
        var model = ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 100_000)).Fit(data);
        var reports = new ConcurrentQueue<ImageCompletionProgress>();
        var warnings = new ConcurrentQueue<string>();
        ml.Log += (_, e) => { if (e.Source.EndsWith("; CompleteImage", StringComparison.Ordinal) && e.Kind == ChannelMessageKind.Warning) warnings.Enqueue(e.Message); };
        using var monitor = ImageCompletionMonitor.Watch(model, new Recorder(reports, r =>
        {
            if (r.Stage == ImageCompletionStage.Fitting && r.Fit!.Step >= 8) CancelExecution(ml);
        }));

        var e = Assert.Throws<Exception>(() => TestData.Column(model.Transform(data), "Completed"));
        Assert.IsNotNull(TestData.Find<OperationCanceledException>(e), $"expected a cancellation, got {e}");
        Assert.AreEqual(1, monitor.ImagesCancelled);
        Assert.AreEqual(0, monitor.ImagesCompleted);
        var cancelled = reports.Single(r => r.Stage == ImageCompletionStage.Cancelled);
        Assert.IsTrue(cancelled.Fit!.Step < 1000, $"the fit stopped soon after the cancellation, not at step {cancelled.Fit.Step}");
        Assert.AreEqual(1, warnings.Count(w => w.Contains("cancelled")));
    }

    [TestMethod]
    public void TwoPipelines_OnTwoThreads_StayIndependent()
    {
        // Pipeline A is cancelled through its monitor's token at its first logged step; pipeline B, running at the
        // same time on another thread with its own monitor and MLContext, completes both its images and hears
        // nothing of A.
        using var cancelA = new CancellationTokenSource();
        var reportsA = new ConcurrentQueue<ImageCompletionProgress>();
        var reportsB = new ConcurrentQueue<ImageCompletionProgress>();
        using var bothStarted = new Barrier(2);

        (ImageCompletionMonitor Monitor, Exception? Error) Run(ConcurrentQueue<ImageCompletionProgress> reports, Action<ImageCompletionProgress> onReport,
            CancellationToken token, int steps)
        {
            var ml = new MLContext(seed: 0);
            var data = TestData.Table(ml, TestData.TwoImages(size: 16), scale: 255f);
            var model = ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: steps)).Fit(data);
            var monitor = ImageCompletionMonitor.Watch(model, new Recorder(reports, onReport), token);
            bothStarted.SignalAndWait(TimeSpan.FromSeconds(60));
            try
            {
                _ = TestData.Column(model.Transform(data), "Completed");
                return (monitor, null);
            }
            catch (Exception e)
            {
                return (monitor, e);
            }
        }

        var a = Task.Run(() => Run(reportsA, r => { if (r.Stage == ImageCompletionStage.Fitting) cancelA.Cancel(); }, cancelA.Token, steps: 100_000));
        var b = Task.Run(() => Run(reportsB, _ => { }, CancellationToken.None, steps: 40));
        Task.WaitAll(a, b);

        var (monitorA, errorA) = a.Result;
        var (monitorB, errorB) = b.Result;
        Assert.IsNotNull(TestData.Find<OperationCanceledException>(errorA), $"A is cancelled: {errorA}");
        Assert.IsNull(errorB, $"B is not: {errorB}");
        Assert.AreEqual((1, 0, 1), (monitorA.ImagesStarted, monitorA.ImagesCompleted, monitorA.ImagesCancelled));
        Assert.AreEqual((2, 2, 0), (monitorB.ImagesStarted, monitorB.ImagesCompleted, monitorB.ImagesCancelled));
        Assert.AreEqual(2 * 11, reportsB.Count(r => r.Stage == ImageCompletionStage.Fitting), "B's monitor gets B's steps only (0, 4, ..., 36, 39)");
        Assert.IsTrue(reportsA.All(r => r.Fit is null || r.Fit.TotalSteps == 100_000), "A's monitor gets A's reports only");
        monitorA.Dispose();
        monitorB.Dispose();
    }

    [TestMethod]
    public void ALoadedModel_IsWatched_AndLogsToTheLoadingContext()
    {
        var ml = new MLContext(seed: 0);
        var data = TestData.Table(ml, TestData.TwoImages(size: 16), scale: 255f);
        var model = ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(steps: 5)).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;

        var loading = new MLContext(seed: 0);
        var messages = new ConcurrentQueue<string>();
        loading.Log += (_, e) => { if (e.Source.EndsWith("; CompleteImage", StringComparison.Ordinal)) messages.Enqueue(e.Message); };
        var loaded = loading.Model.Load(stream, out _);
        using var monitor = ImageCompletionMonitor.Watch(loaded);
        _ = TestData.Column(loaded.Transform(data), "Completed");

        Assert.AreEqual(2, monitor.ImagesCompleted);
        Assert.AreEqual(2, messages.Count(m => m.Contains("done in")));

        var notACompletion = ml.Transforms.CopyColumns("Copy", "Pixels").Fit(data);
        var error = Assert.Throws<ArgumentException>(() => ImageCompletionMonitor.Watch(notACompletion));
        Assert.AreEqual("model", error.ParamName);
    }

    [TestMethod]
    public void ConcurrentRows_FitsRowsAtTheSameTime_WithTheSamePixels()
    {
        var ml = new MLContext(seed: 0);
        var rows = TestData.TwoImages(size: 16);
        rows.AddRange(TestData.TwoImages(size: 16).Select(r => (r.Name + "-again", r.Image.Clone(), MaskFactoryShift(r.Mask))));
        var data = TestData.Table(ml, rows, scale: 255f);

        ImageCompletionEstimator.Options Options(int concurrentRows, int threads) => new()
        {
            Completion = TestData.Quick(steps: 60) with { Threads = threads },
            ConcurrentRows = concurrentRows,
        };
        // Threads 2 over 2 rows is 1 thread per fit, as Threads 1 for one row at a time: the same fits.
        var one = ml.Transforms.CompleteImage(Options(1, 1)).Fit(data);
        var two = ml.Transforms.CompleteImage(Options(2, 2)).Fit(data);

        var running = 0;
        var mostAtOnce = 0;
        var recorder = new Recorder(new ConcurrentQueue<ImageCompletionProgress>(), r =>
        {
            if (r.Stage == ImageCompletionStage.Started) InterlockedMax(ref mostAtOnce, Interlocked.Increment(ref running));
            if (r.Stage == ImageCompletionStage.Completed) Interlocked.Decrement(ref running);
        });
        using var monitor = ImageCompletionMonitor.Watch(two, recorder);
        var concurrent = TestData.Column(two.Transform(data), "Completed");
        var sequential = TestData.Column(one.Transform(data), "Completed");

        Assert.AreEqual(4, monitor.ImagesCompleted);
        Assert.AreEqual(2, mostAtOnce, "two rows were fitted at the same time, never more");
        for (int r = 0; r < rows.Count; r++)
            CollectionAssert.AreEqual(sequential[r], concurrent[r], $"row {r}: same pixels as one row at a time");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { ConcurrentRows = 4, CacheCapacity = 2 }));
        Assert.AreEqual("CacheCapacity", error.ParamName);
    }

    private static Inrr.Torch.Masks.Mask MaskFactoryShift(Inrr.Torch.Masks.Mask mask)
    {
        // The same holes one column to the right (wrapping): another row, another fit.
        var values = new float[mask.Values.Length];
        for (int y = 0; y < mask.Height; y++)
            for (int x = 0; x < mask.Width; x++)
                values[y * mask.Width + (x + 1) % mask.Width] = mask.Values[y * mask.Width + x];
        return new Inrr.Torch.Masks.Mask(mask.Height, mask.Width, values);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    /// <summary>
    /// What ML.NET's AutoML does to stop a context: <c>MLContext.CancelExecution</c> is internal in ML.NET 5.0.1, so the
    /// test reaches it as AutoML's friend access does.
    /// </summary>
    private static void CancelExecution(MLContext ml) =>
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.Invoke(ml, null);

    private sealed class Recorder(ConcurrentQueue<ImageCompletionProgress> reports, Action<ImageCompletionProgress> onReport) : IProgress<ImageCompletionProgress>
    {
        public void Report(ImageCompletionProgress value)
        {
            reports.Enqueue(value);
            onReport(value);
        }
    }
}
