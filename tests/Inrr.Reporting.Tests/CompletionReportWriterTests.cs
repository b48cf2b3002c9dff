using System.Text.Json;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Inrr.Reporting.Tests;

/// <summary>A report of real fits: every file, the options in the engine's one format, the numbers the results hold.</summary>
[TestClass]
public sealed class CompletionReportWriterTests
{
    private static (ReportInput Input, List<ReportMethod> Methods) TwoMethods()
    {
        var truth = SyntheticImage.Facade(20, 20, 1);
        var mask = MaskFactory.Random(20, 20, 0.4, seed: 1);
        var observed = mask.Apply(truth);
        var input = new ReportInput("facade", observed, mask, truth, "the built-in picture");
        var methods = new List<ReportMethod>();
        foreach (var (label, options) in new[]
                 {
                     ("ns", CompletionOptions.NavierStokes),
                     ("inrr", CompletionOptions.Fast with { Steps = 6, LogInterval = 2, Threads = 1, Representation = new SirenOptions { HiddenWidth = 16, HiddenLayers = 2, LearningRate = 1e-3 } }),
                 })
        {
            var result = new CompletionFitter(options).Fit(observed, mask, truth);
            methods.Add(new ReportMethod(label, result, ImageMetrics.Evaluate(result.Completed, truth, mask)));
        }
        return (input, methods);
    }

    [TestMethod]
    public void AReport_WritesEveryFile_WithTheOptionsInTheEnginesFormat_AndTheResultsNumbers()
    {
        var (input, methods) = TwoMethods();
        string folder = Path.Combine(Path.GetTempPath(), "inrr-reporting-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string html = CompletionReportWriter.Write(new CompletionReport("two methods", input, methods) { MaskDescription = "random:0.4" }, folder);
            Assert.AreEqual(Path.Combine(folder, CompletionReportWriter.HtmlFile), html);
            foreach (var file in new[] { "report.html", "report.md", "panels.png", "masked.png", "mask.png", "truth.png", "completed-ns.png", "completed-inrr.png",
                         "error-inrr.png", "options-ns.json", "options-inrr.json", "metrics.csv", "metrics.json" })
                Assert.IsTrue(File.Exists(Path.Combine(folder, file)), file);
            Assert.AreEqual(0, Directory.GetFiles(folder, "*" + Torch.Imaging.DurableFile.TemporarySuffix).Length, "no temporary file left");

            // The options files are the engine's one format and give the fit's options back exactly.
            foreach (var method in methods)
            {
                string json = File.ReadAllText(Path.Combine(folder, $"options-{method.Label}.json"));
                Assert.AreEqual(method.Result.Options, CompletionOptions.FromJson(json), method.Label);
                Assert.AreEqual(method.Result.Options.ToJson(), json);
            }
            StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "options-ns.json")), "\"Method\": \"NavierStokes\"");

            // The metrics are the results' own.
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
            var reported = metrics.RootElement.GetProperty("methods").EnumerateArray().ToList();
            Assert.AreEqual(2, reported.Count);
            for (int m = 0; m < methods.Count; m++)
                Assert.AreEqual(methods[m].Metrics!.NmaeHoles, reported[m].GetProperty("metrics").GetProperty("nmae_holes").GetDouble(), 1e-9, methods[m].Label);
            string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
            StringAssert.Contains(markdown, "random:0.4");
            StringAssert.Contains(markdown, "| inrr |");

            // The completed image on disk is the result's (8 bits).
            var onDisk = ImageIO.Load(Path.Combine(folder, "completed-inrr.png"));
            for (int i = 0; i < onDisk.Pixels.Length; i++)
                Assert.AreEqual(methods[1].Result.Completed.Pixels[i], onDisk.Pixels[i], 0.5f / 255 + 1e-6f, $"pixel {i}");
            using var panels = SKBitmap.Decode(Path.Combine(folder, "panels.png"));
            Assert.IsTrue(panels.Width > 3 * 20 && panels.Height > 2 * 20, "a row per method, a panel per view");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
