using Inrr.Torch.Masks;
using Inrr.Torch.Fitting;
using System.Text.Json;
using Inrr.Cli.Output;
using Inrr.Torch.Imaging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>The commands end to end, on tiny inputs: files written, numbers reported, runs reproducible.</summary>
[TestClass]
public sealed class CommandTests
{
    [TestMethod]
    public void Demo_WritesTheWholeReport()
    {
        using var folder = new TestFolder();
        string output = folder.File("demo");

        var (exitCode, console) = Cli.Run(["demo", "--size", "24", "--out", output, .. Cli.Tiny]);

        Assert.AreEqual(0, exitCode, console);
        foreach (var file in new[] { "report.html", "report.md", "panels.png", "loss.png", "holes.png", "trajectory.png", "masked.png",
                     "mask.png", "truth.png", "completed-telea.png", "completed-ns.png", "completed-fsr.png", "completed-none.png", "completed-inrr+guide.png",
                     "error-none.png", "adjacency-inrr+guide-inrr.png", "metrics.csv", "metrics.json", "options-none.json", "options-ns.json" })
            Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
        string markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        StringAssert.Contains(markdown, "inrr demo --out");
        StringAssert.Contains(markdown, "| none |");
        StringAssert.Contains(markdown, "| inrr+guide |");
        StringAssert.Contains(markdown, "| telea |");
        StringAssert.Matches(markdown, new System.Text.RegularExpressions.Regex(@"inrr\+guide: network [0-9.]+, .* gain [-+][0-9]+\.[0-9]{2} \+- [0-9]+\.[0-9]{2}\."),
            "the blend's weights and its cross-checked gain over the best classical fill");
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, "report.html")), "<img src=\"panels.png\"");
        StringAssert.Contains(console, "hole PSNR");
        StringAssert.Contains(console, "report.html");
        Assert.AreEqual(0, Directory.GetFiles(output, "*" + AtomicFile.TemporarySuffix).Length);
    }

    [TestMethod]
    public void Demo_CommandLineInTheReport_ReproducesTheRun()
    {
        using var folder = new TestFolder();
        string first = folder.File("first");
        Assert.AreEqual(0, Cli.Run(["demo", "--size", "20", "--methods", "inrr", "--out", first, .. Cli.Tiny]).ExitCode);
        var firstJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "metrics.json"))).RootElement;
        string command = firstJson.GetProperty("command").GetString()!;
        StringAssert.StartsWith(command, "inrr demo ");
        StringAssert.Contains(command, "--threads 1 --size 20");

        // Run the printed command again (into another folder): same options, same numbers.
        var arguments = ShellWords(command).Skip(1).ToList();
        int outIndex = arguments.IndexOf("--out") + 1;
        string second = folder.File("second");
        arguments[outIndex] = second;
        Assert.AreEqual(0, Cli.Run([.. arguments]).ExitCode);
        var secondJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(second, "metrics.json"))).RootElement;

        Assert.AreEqual(command.Replace(first, second, StringComparison.Ordinal), secondJson.GetProperty("command").GetString());
        var metrics = (JsonElement root) => root.GetProperty("methods")[0].GetProperty("metrics").GetProperty("nmae_holes").GetDouble();
        Assert.AreEqual(metrics(firstJson), metrics(secondJson));
    }

    [TestMethod]
    public void Complete_WritesThePng_KeepsObservedPixels_AndReportsMetrics()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png", size: 20);
        string output = folder.File("done/photo-completed.png");

        var (exitCode, console) = Cli.Run(["complete", image, "--mask", "patch:4,4,8,6", "--regularizer", "tv", "--out", output,
            "--report", folder.File("report"), .. Cli.Tiny]);

        Assert.AreEqual(0, exitCode, console);
        var original = ImageIO.Load(image);
        var completed = ImageIO.Load(output);
        Assert.AreEqual(original.Pixels[0], completed.Pixels[0], "observed pixels are copied");
        Assert.AreEqual(original.Pixels[20 * 19 + 19], completed.Pixels[20 * 19 + 19]);
        StringAssert.Contains(console, "hole PSNR");
        StringAssert.Contains(console, "the input image");
        Assert.IsTrue(File.Exists(folder.File("report/report.html")));
        StringAssert.Contains(File.ReadAllText(folder.File("report/options-tv.json")), "\"kind\": \"tv\"");
    }

    [TestMethod]
    public void Complete_WithTheDefault_GivesTheEnginesPixels()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png", size: 24);
        string mask = folder.File("mask.png");
        var holes = MaskFactory.Strokes(24, 24, 0.1, seed: 4);
        ImageIO.SavePng(new ImageData(1, 24, 24, holes.Values), mask);
        string output = folder.File("done.png");

        var (exitCode, console) = Cli.Run(["complete", image, "--mask", mask, "--out", output, "--steps", "12", "--threads", "1"]);

        Assert.AreEqual(0, exitCode, console);
        var engine = new CompletionFitter(CompletionOptions.Guided with { Steps = 12, Threads = 1, ReferencePixels = 0 }) // --steps is exact
            .Fit(holes.Apply(ImageIO.Load(image)), MaskFactory.FromFile(mask));
        Assert.IsNotNull(engine.Blend, "the default blends");
        // The PNG holds 8-bit values: the CLI's pixels are the engine's, rounded.
        CollectionAssert.AreEqual(engine.Completed.Pixels.Select(v => (int)Math.Round(Math.Clamp(v, 0, 1) * 255)).ToArray(),
            ImageIO.Load(output).Pixels.Select(v => (int)Math.Round(v * 255)).ToArray());
    }

    [TestMethod]
    public void Complete_WithACheckpoint_GoesOnFromIt_ToTheSamePixels_AndRefusesAnotherFitsCheckpoint()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png", size: 20);
        string checkpoint = folder.File("fit.checkpoint");
        string[] fit = ["complete", image, "--mask", "random:0.4", "--steps", "12", "--threads", "1", "--representation", "siren:2x16"];

        var (exitCode, console) = Cli.Run([.. fit, "--out", folder.File("whole.png")]);
        Assert.AreEqual(0, exitCode, console);
        (exitCode, console) = Cli.Run([.. fit, "--out", folder.File("saved.png"), "--checkpoint", checkpoint, "--checkpoint-every", "5"]);
        Assert.AreEqual(0, exitCode, console);
        Assert.AreEqual(12, FitCheckpoint.ResumeStep(checkpoint), "a finished fit's checkpoint");
        CollectionAssert.AreEqual(ImageIO.Load(folder.File("whole.png")).Pixels, ImageIO.Load(folder.File("saved.png")).Pixels);

        // The same command again takes the finished fit from the checkpoint.
        (exitCode, console) = Cli.Run([.. fit, "--out", folder.File("again.png"), "--checkpoint", checkpoint]);
        Assert.AreEqual(0, exitCode, console);
        StringAssert.Contains(console, "Resuming at step 12");
        CollectionAssert.AreEqual(ImageIO.Load(folder.File("whole.png")).Pixels, ImageIO.Load(folder.File("again.png")).Pixels);

        (exitCode, console) = Cli.Run([.. fit, "--seed", "3", "--out", folder.File("other.png"), "--checkpoint", checkpoint]);
        Assert.AreEqual(CliApplication.UsageError, exitCode, console);
        StringAssert.Contains(console, "--checkpoint");
        StringAssert.Contains(console, "other options or other pictures");
        Assert.IsFalse(File.Exists(folder.File("other.png")));

        (exitCode, console) = Cli.Run([.. fit, "--out", folder.File("x.png"), "--checkpoint", image]);
        Assert.AreNotEqual(0, exitCode, "a checkpoint path that is an input is refused");
        StringAssert.Contains(console, "--checkpoint");
    }

    [TestMethod]
    public void Complete_WithAMaskFile_AndNoTruth_ReportsNoMetrics_AndResizesTheMask()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png", size: 20);
        var mask = new float[40 * 40];
        Array.Fill(mask, 1f);
        for (int i = 0; i < 40 * 8; i++) mask[i] = 0f; // the top fifth is missing
        ImageIO.SavePng(new ImageData(1, 40, 40, mask), folder.File("mask.png"));

        var (exitCode, console) = Cli.Run(["complete", image, "--mask", folder.File("mask.png"), "--out", folder.File("out.png"), .. Cli.Tiny]);

        Assert.AreEqual(0, exitCode, console);
        Assert.IsFalse(console.Contains("hole PSNR", StringComparison.Ordinal), console);
        Assert.AreEqual(20, ImageIO.Load(folder.File("out.png")).Width);
    }

    [TestMethod]
    public void Compare_RunsEveryMethodWithTheSameSeed_AndMarksTheBest()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png", size: 20, channels: 3);

        var (exitCode, console) = Cli.Run(["compare", image, "--mask", "random:0.3,2", "--methods", "none,l2,air,cosine", "--color", "rgb",
            "--out", folder.File("cmp"), .. Cli.Tiny]);

        Assert.AreEqual(0, exitCode, console);
        var methods = JsonDocument.Parse(File.ReadAllText(folder.File("cmp/metrics.json"))).RootElement.GetProperty("methods").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "none", "l2", "air", "cosine" }, methods.Select(m => m.GetProperty("label").GetString()).ToArray());
        Assert.IsTrue(methods.All(m => m.GetProperty("options").GetProperty("Seed").GetInt32() == 0));
        Assert.IsTrue(methods.All(m => m.GetProperty("steps_run").GetInt32() == 4));
        Assert.AreEqual(3, ImageIO.Load(folder.File("cmp/completed-air.png"), ImageColorMode.Rgb).Channels);
        // In report.md's metrics table, each quality column's best value (by metrics.json) is bold, the others are not.
        var rows = File.ReadAllLines(folder.File("cmp/report.md"))
            .SkipWhile(l => l != "## Metrics").Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        var header = rows[0].Split('|').Select(c => c.Trim()).ToList();
        var body = rows.Skip(1).Select(r => r.Split('|').Select(c => c.Trim()).ToList()).ToList();
        foreach (var (column, key, higherIsBetter) in new[] { ("hole PSNR (dB)", "psnr_holes", true), ("hole NMAE", "nmae_holes", false), ("SSIM", "ssim", true) })
        {
            var values = methods.Select(m => m.GetProperty("metrics").GetProperty(key).GetDouble()).ToList();
            double best = higherIsBetter ? values.Max() : values.Min();
            int c = header.IndexOf(column);
            for (int r = 0; r < methods.Count; r++)
                Assert.AreEqual(values[r] == best, body[r][c].StartsWith("**", StringComparison.Ordinal), $"{column}, {body[r][1]}: '{body[r][c]}'");
        }
        Assert.IsTrue(File.Exists(folder.File("cmp/adjacency-air-air.png")));
        Assert.IsTrue(File.Exists(folder.File("cmp/adjacency-cosine-cosine.png")));
    }

    /// <summary>Splits a POSIX command line as the formatter quotes it (single quotes only).</summary>
    private static IEnumerable<string> ShellWords(string command)
    {
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in command)
        {
            if (c == '\'') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted)
            {
                if (any) yield return word.ToString();
                word.Clear();
                any = false;
            }
            else { word.Append(c); any = true; }
        }
        if (any) yield return word.ToString();
    }

    /// <summary>
    /// Without --steps the default runs up to 4x its steps on a small picture: the progress (the bar's end, the plain
    /// lines' spacing, every line's total) follows the steps the fit runs, not the preset's count.
    /// </summary>
    [TestMethod]
    [DataRow("complete")]
    [DataRow("compare")]
    [DataRow("denoise")]
    public void WithoutSteps_TheProgressRunsToTheStepsTheFitRuns(string command)
    {
        using var folder = new TestFolder();
        string image = folder.Picture("in.png", size: 20);
        string[] args = command switch
        {
            "complete" => ["complete", image, "--mask", "random:0.4", "--out", folder.File("out.png")],
            "compare" => ["compare", image, "--mask", "random:0.4", "--methods", "ns,inrr+guide", "--out", folder.File("report")],
            _ => ["denoise", image, "--sigma", "0.1", "--methods", "inrr", "--out", folder.File("report")],
        };
        var (exitCode, console) = Cli.Run([.. args, "--representation", "siren:2x16", "--threads", "1"]);
        Assert.AreEqual(0, exitCode, console);
        int steps = CompletionOptions.Guided.StepsFor(20, 20);
        Assert.AreEqual(CompletionOptions.MaxStepScale * CompletionOptions.Guided.Steps, CompletionOptions.Guided.StepsFor(20, 20));
        var lines = console.Split('\n').Where(l => l.Contains($"/{steps}", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(lines.Any(l => l.Contains($"step {steps}/{steps}", StringComparison.Ordinal)), console);
        Assert.IsTrue(lines.Count <= 12, $"a line every tenth of the {steps} steps, not {lines.Count}:\n{console}");
        StringAssert.Contains(console, $"{steps} steps", "the plan's line names the steps the fit runs");
    }
}
