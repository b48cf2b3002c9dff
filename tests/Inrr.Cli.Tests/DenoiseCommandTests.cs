using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary><c>inrr denoise</c> end to end on tiny inputs.</summary>
[TestClass]
public sealed class DenoiseCommandTests
{
    [TestMethod]
    public void Denoise_WithSigma_WritesTheReport_AndMeasuresEveryMethodAgainstTheCleanPicture()
    {
        using var folder = new TestFolder();
        string picture = folder.Picture("clean.png", size: 24);
        string output = folder.File("denoised");
        var (exitCode, console) = Cli.Run(["denoise", picture, "--sigma", "0.1", "--methods", "none,inrr", "--out", output, .. Cli.Tiny]);

        Assert.AreEqual(0, exitCode, console);
        foreach (var file in new[] { "report.html", "report.md", "panels.png", "curves.png", "noisy.png", "clean.png", "denoised-none.png", "denoised-inrr.png", "metrics.csv", "metrics.json", "options-inrr.json" })
            Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
        StringAssert.Contains(console, "noisy picture: PSNR");
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))).RootElement;
        StringAssert.Contains(json.GetProperty("noise").GetString(), "Gaussian, sigma 0.1");
        var methods = json.GetProperty("methods");
        Assert.AreEqual(2, methods.GetArrayLength());
        foreach (var method in methods.EnumerateArray())
            Assert.IsTrue(double.IsFinite(method.GetProperty("metrics").GetProperty("psnr").GetDouble()));
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, "report.md")), "inrr denoise");
    }

    [TestMethod]
    public void Denoise_OfANoisyPicture_WithoutTruth_WritesTheDenoisedPictures()
    {
        using var folder = new TestFolder();
        string picture = folder.Picture("noisy.png", size: 20);
        string output = folder.File("out");
        var (exitCode, console) = Cli.Run(["denoise", picture, "--methods", "tv", "--holdout", "0", "--out", output, .. Cli.Tiny]);
        Assert.AreEqual(0, exitCode, console);
        Assert.IsTrue(File.Exists(Path.Combine(output, "denoised-tv.png")));
        Assert.IsFalse(File.Exists(Path.Combine(output, "clean.png")));
    }

    [TestMethod]
    [DataRow("--methods", "ns", "--methods: 'ns' fills holes from their surroundings; a noisy picture has none")]
    [DataRow("--sigma", "0", "--sigma: expected a standard deviation in (0, 1]")]
    [DataRow("--holdout", "0.7", "--holdout: expected a fraction in [0, 0.5)")]
    [DataRow("--truth", "clean.png", "--truth: with --sigma IMAGE is the clean picture")]
    public void Denoise_BadOption_NamesIt(string option, string value, string expected)
    {
        using var folder = new TestFolder();
        string picture = folder.Picture("a.png", size: 20);
        string[] sigma = option is "--sigma" ? [] : ["--sigma", "0.1"];
        var (exitCode, console) = Cli.Run(["denoise", picture, .. sigma, option, value, "--out", folder.File("out"), .. Cli.Tiny]);
        Assert.AreEqual(CliApplication.UsageError, exitCode, console);
        StringAssert.Contains(console, expected);
    }
}
