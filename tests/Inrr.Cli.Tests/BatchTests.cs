using System.Text.Json;
using Inrr.Cli.Batch;
using Inrr.Cli.Output;
using Inrr.Cli.Specs;
using Inrr.Torch.Imaging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

[TestClass]
public sealed class BatchTests
{
    private static (int ExitCode, string Output) RunBatch(string input, string output, params string[] more) =>
        Cli.Run(["batch", input, "--out", output, .. more, .. Cli.Tiny]);

    private static List<JsonElement> Records(string jsonPath) =>
        JsonDocument.Parse(File.ReadAllText(jsonPath)).RootElement.GetProperty("records").EnumerateArray().ToList();

    [TestMethod]
    public void OneBadImage_IsRecorded_TheOthersAreCompleted_AndTheExitCodeSaysSo()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        folder.Corrupt("in/b.png");
        folder.Picture("in/c.png", variant: 2);
        string input = folder.File("in"), output = folder.File("out");

        var (exitCode, console) = RunBatch(input, output, "--mask", "random:0.4");

        Assert.AreEqual(CliApplication.Failure, exitCode, console);
        Assert.IsTrue(File.Exists(Path.Combine(output, "a.png")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "c.png")));
        Assert.IsFalse(File.Exists(Path.Combine(output, "b.png")));
        var records = Records(Path.Combine(output, "results.json"));
        CollectionAssert.AreEqual(new[] { "a.png", "b.png", "c.png" }, records.Select(r => r.GetProperty("image").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "completed", "failed", "completed" }, records.Select(r => r.GetProperty("status").GetString()).ToArray());
        StringAssert.Contains(records[1].GetProperty("error").GetString(), "b.png");
        Assert.IsTrue(records[0].GetProperty("psnr_holes").GetDouble() > 5, "a generated mask makes the input its own truth");
        string csv = File.ReadAllText(Path.Combine(output, "results.csv"));
        StringAssert.StartsWith(csv, "image,status,output,error,");
        Assert.AreEqual(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        StringAssert.Contains(console, "1 failed");
        // The completed image keeps the observed pixels.
        var completed = ImageIO.Load(Path.Combine(output, "a.png"));
        Assert.AreEqual(20, completed.Width);
    }

    [TestMethod]
    public void PicturesPerFit_FitsPicturesOfOneSizeTogether_WithTheResultsOfSeparateFits()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        folder.Picture("in/b.png", variant: 1);
        folder.Corrupt("in/c.png");
        folder.Picture("in/d.png", variant: 2);
        folder.Picture("in/e.png", size: 24, variant: 3); // another size: its own group
        string input = folder.File("in");

        var (separateCode, separateConsole) = RunBatch(input, folder.File("one"), "--mask", "random:0.4");
        var (batchedCode, batchedConsole) = RunBatch(input, folder.File("three"), "--mask", "random:0.4", "--pictures-per-fit", "3");

        Assert.AreEqual(CliApplication.Failure, separateCode, separateConsole); // c.png is broken in both
        Assert.AreEqual(CliApplication.Failure, batchedCode, batchedConsole);
        StringAssert.Contains(batchedConsole, "(fitted with 2 others)");
        var records = Records(Path.Combine(folder.File("three"), "results.json"));
        CollectionAssert.AreEquivalent(new[] { "a.png", "b.png", "c.png", "d.png", "e.png" }, records.Select(r => r.GetProperty("image").GetString()).ToArray());
        Assert.AreEqual("failed", records.Single(r => r.GetProperty("image").GetString() == "c.png").GetProperty("status").GetString());
        foreach (var name in new[] { "a.png", "b.png", "d.png", "e.png" })
        {
            var one = ImageIO.Load(Path.Combine(folder.File("one"), name));
            var batched = ImageIO.Load(Path.Combine(folder.File("three"), name));
            Assert.AreEqual(one.Pixels.Length, batched.Pixels.Length);
            for (int i = 0; i < one.Pixels.Length; i++)
                Assert.AreEqual(one.Pixels[i], batched.Pixels[i], 1.01f / 255, $"{name}, pixel {i}: the batched fit gives the picture its own fit's result");
        }
    }

    [TestMethod]
    public void PicturesPerFit_WithARepresentationItCannotBatch_IsAUsageErrorNamingTheOption()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        var (exitCode, console) = Cli.Run(["batch", folder.File("in"), "--out", folder.File("out"), "--mask", "random:0.4", "--pictures-per-fit", "2",
            "--representation", "fourier", "--steps", "2", "--threads", "1"]);
        Assert.AreEqual(CliApplication.UsageError, exitCode, console);
        StringAssert.Contains(console, "--pictures-per-fit: batched fits take SIREN");
    }

    [TestMethod]
    public void Rerun_SkipsDoneImages_KeepsTheirMetrics_AndRetriesFailures()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        folder.Picture("in/b.png", variant: 1);
        string input = folder.File("in"), output = folder.File("out");
        Assert.AreEqual(CliApplication.Success, RunBatch(input, output, "--mask", "random:0.4").ExitCode);
        var first = Records(Path.Combine(output, "results.json"));
        var written = File.GetLastWriteTimeUtc(Path.Combine(output, "a.png"));
        File.Delete(Path.Combine(output, "b.png")); // as if the first run had died before b

        var (exitCode, console) = RunBatch(input, output, "--mask", "random:0.4");

        Assert.AreEqual(CliApplication.Success, exitCode, console);
        var second = Records(Path.Combine(output, "results.json"));
        Assert.AreEqual("skipped", second[0].GetProperty("status").GetString());
        Assert.AreEqual(first[0].GetProperty("psnr_holes").GetDouble(), second[0].GetProperty("psnr_holes").GetDouble());
        Assert.AreEqual("completed", second[1].GetProperty("status").GetString());
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(Path.Combine(output, "a.png")), "a done image is not written again");

        var third = RunBatch(input, output, "--mask", "random:0.4", "--overwrite");
        Assert.AreEqual(CliApplication.Success, third.ExitCode);
        Assert.IsTrue(Records(Path.Combine(output, "results.json")).All(r => r.GetProperty("status").GetString() == "completed"));
    }

    [TestMethod]
    public void Shards_SplitTheFolder_WithoutOverlap_AndKeepSeparateRecords()
    {
        using var folder = new TestFolder();
        foreach (var name in new[] { "e", "a", "d", "b", "c" }) folder.Picture($"in/{name}.png", size: 16);
        string input = folder.File("in"), output = folder.File("out");

        Assert.AreEqual(CliApplication.Success, RunBatch(input, output, "--mask", "grid:2", "--shard", "0/2").ExitCode);
        CollectionAssert.AreEquivalent(new[] { "a.png", "c.png", "e.png" }, Directory.GetFiles(output, "*.png").Select(Path.GetFileName).ToArray());
        Assert.AreEqual(CliApplication.Success, RunBatch(input, output, "--mask", "grid:2", "--shard", "1/2").ExitCode);

        CollectionAssert.AreEquivalent(new[] { "a.png", "b.png", "c.png", "d.png", "e.png" }, Directory.GetFiles(output, "*.png").Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEqual(new[] { "a.png", "c.png", "e.png" },
            Records(Path.Combine(output, "results.shard-0-of-2.json")).Select(r => r.GetProperty("image").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "b.png", "d.png" },
            Records(Path.Combine(output, "results.shard-1-of-2.json")).Select(r => r.GetProperty("image").GetString()).ToArray());
    }

    [TestMethod]
    public void MaskFolder_AMissingMask_FailsOnlyThatImage()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        folder.Picture("in/b.png", variant: 1);
        var maskValues = new float[20 * 20];
        Array.Fill(maskValues, 1f);
        for (int i = 0; i < 60; i++) maskValues[i * 3] = 0f;
        ImageIO.SavePng(new ImageData(1, 20, 20, maskValues), folder.File("masks/a.png"));
        string input = folder.File("in"), output = folder.File("out");

        var (exitCode, console) = RunBatch(input, output, "--masks", folder.File("masks"));

        Assert.AreEqual(CliApplication.Failure, exitCode, console);
        var records = Records(Path.Combine(output, "results.json"));
        Assert.AreEqual("completed", records[0].GetProperty("status").GetString());
        Assert.IsFalse(records[0].TryGetProperty("psnr_holes", out _), "a mask file marks real holes: no truth, no metrics");
        Assert.AreEqual(60.0 / 400, records[0].GetProperty("missing_fraction").GetDouble(), 1e-9);
        Assert.AreEqual("failed", records[1].GetProperty("status").GetString());
        StringAssert.Contains(records[1].GetProperty("error").GetString(), "no mask named b.*");
    }

    [TestMethod]
    public void Planner_IgnoresTemporaryAndHiddenFiles_AndFailsNameClashes()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        folder.Picture("in/a.jpg.png");
        File.Copy(folder.Picture("tmp/x.png"), folder.File("in/x.bmp"));
        File.Copy(folder.Picture("tmp/y.png"), folder.File("in/x.png"));
        File.WriteAllText(folder.File($"in/.a.png.123{AtomicFile.TemporarySuffix}"), "half-written");
        File.WriteAllText(folder.File("in/.hidden.png"), "hidden");
        File.WriteAllText(folder.File("in/notes.txt"), "not an image");

        var images = BatchPlanner.ListImages(folder.File("in"));
        CollectionAssert.AreEqual(new[] { "a.jpg.png", "a.png", "x.bmp", "x.png" }, images.Select(Path.GetFileName).ToArray(), "ordinal order");

        var plan = BatchPlanner.Plan(images, ShardSpec.All, folder.File("out"), null, null);
        Assert.IsNull(plan[0].Problem);
        Assert.IsNull(plan[1].Problem);
        StringAssert.Contains(plan[2].Problem, "x.bmp, x.png would all be written to x.png");
        StringAssert.Contains(plan[3].Problem, "x.bmp, x.png");
    }

    [TestMethod]
    public void StaleTemporaryOutput_DoesNotCountAsDone_AndNoTemporaryFileIsLeft()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        string input = folder.File("in"), output = folder.File("out");
        // What a run killed while writing leaves behind: a temporary file, never the target itself.
        File.WriteAllText(folder.File($"out/.a.png.dead{AtomicFile.TemporarySuffix}"), "half-written");

        Assert.AreEqual(CliApplication.Success, RunBatch(input, output, "--mask", "random:0.3").ExitCode);

        Assert.AreEqual("completed", Records(Path.Combine(output, "results.json"))[0].GetProperty("status").GetString());
        Assert.AreEqual(20, ImageIO.Load(Path.Combine(output, "a.png")).Height);
        Assert.AreEqual(1, Directory.GetFiles(output, "*" + AtomicFile.TemporarySuffix).Length, "only the stale one; our writes leave none");
    }

    [TestMethod]
    public void Cancellation_StopsBeforeTheNextImage()
    {
        using var folder = new TestFolder();
        folder.Picture("in/a.png");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        int exitCode = CliApplication.Create(new Spectre.Console.Testing.TestConsole())
            .Run(["batch", folder.File("in"), "--out", folder.File("out"), "--mask", "random:0.5", .. Cli.Tiny], cancelled.Token);
        Assert.AreEqual(CliApplication.Cancelled, exitCode);
        Assert.IsFalse(File.Exists(folder.File("out/a.png")));
    }
}
