using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>A batch's output folder: one run per shard at a time, one set of settings, only finished outputs count.</summary>
[TestClass]
public sealed class BatchFolderTests
{
    private static (int ExitCode, string Output) RunBatch(string input, string output, params string[] more) =>
        Cli.Run(["batch", input, "--out", output, "--mask", "random:0.4", .. more, .. Cli.Tiny]);

    private static (string Input, string Output) TwoPictures(TestFolder folder)
    {
        folder.Picture("in/a.png");
        folder.Picture("in/b.png", variant: 1);
        return (folder.File("in"), folder.File("out"));
    }

    [TestMethod]
    public void ASecondRunOfTheSameShard_IsRefused_WhileTheFirstHoldsTheFolder_OtherShardsRun()
    {
        using var folder = new TestFolder();
        var (input, output) = TwoPictures(folder);
        Directory.CreateDirectory(output);
        // A run in progress holds the lock (as a live process would: the kernel drops it when that process dies).
        using (var held = new FileStream(Path.Combine(output, "results.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (exitCode, console) = RunBatch(input, output);
            Assert.AreEqual(2, exitCode, console);
            StringAssert.Contains(console, "--out: another batch run is working on");
            Assert.IsFalse(File.Exists(Path.Combine(output, "a.png")), "nothing done");

            // Shard 1 of 2 has its own lock and records: it runs beside the holder of the whole-folder lock.
            Assert.AreEqual(0, RunBatch(input, output, "--shard", "1/2").ExitCode);
            Assert.IsTrue(File.Exists(Path.Combine(output, "results.shard-1-of-2.json")));
        }
        Assert.AreEqual(0, RunBatch(input, output).ExitCode, "released: the folder is free again");
    }

    [TestMethod]
    public void AResumeWithOtherSettings_IsRefused_AndOverwriteSaysItRedoesThem()
    {
        using var folder = new TestFolder();
        var (input, output) = TwoPictures(folder);
        Assert.AreEqual(0, RunBatch(input, output).ExitCode);
        var done = File.GetLastWriteTimeUtc(Path.Combine(output, "a.png"));

        var (exitCode, console) = Cli.Run(["batch", input, "--out", output, "--mask", "random:0.4", "--representation", "siren:2x16", "--steps", "5", "--threads", "1"]);
        Assert.AreEqual(2, exitCode, console);
        StringAssert.Contains(console, "holds outputs made with other settings");
        StringAssert.Contains(console, "\"Steps\":4");
        Assert.AreEqual(done, File.GetLastWriteTimeUtc(Path.Combine(output, "a.png")), "no output touched");

        (exitCode, console) = Cli.Run(["batch", input, "--out", output, "--mask", "random:0.4", "--representation", "siren:2x16", "--steps", "5", "--threads", "1", "--overwrite"]);
        Assert.AreEqual(0, exitCode, console);
        StringAssert.Contains(console, "settings changed");
        StringAssert.Contains(console, "2 completed");
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "inrr-batch.json"))).RootElement;
        Assert.AreEqual(5, manifest.GetProperty("settings").GetProperty("options").GetProperty("Steps").GetInt32(), "the manifest now records the new settings");
    }

    [TestMethod]
    public void BrokenOutputsAreRedone_UnreadableRecordsKeptAside_StaleTemporariesRemoved()
    {
        using var folder = new TestFolder();
        var (input, output) = TwoPictures(folder);
        Assert.AreEqual(0, RunBatch(input, output).ExitCode);
        File.WriteAllBytes(Path.Combine(output, "a.png"), []);                      // a 0-byte output: not done
        File.WriteAllText(Path.Combine(output, "results.json"), "{ \"records\": [ trunc"); // a damaged record file
        string stale = Path.Combine(output, ".b.png.0123.inrr-tmp");
        File.WriteAllText(stale, "left by a killed run");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        string fresh = Path.Combine(output, ".c.png.4567.inrr-tmp");
        File.WriteAllText(fresh, "maybe another shard's, being written");

        var (exitCode, console) = RunBatch(input, output);
        Assert.AreEqual(0, exitCode, console);
        StringAssert.Contains(console, "1 completed");
        StringAssert.Contains(console, "1 skipped");
        Assert.IsTrue(new FileInfo(Path.Combine(output, "a.png")).Length > 0, "the 0-byte output was redone");
        StringAssert.Contains(console, "results.json could not be read; kept as");
        Assert.AreEqual(1, Directory.GetFiles(output, "results.json.unreadable-*").Length, "the damaged file is kept, not replaced");
        Assert.IsFalse(File.Exists(stale), "stale temporary removed");
        Assert.IsTrue(File.Exists(fresh), "a recent temporary may be another writer's: kept");
    }
}
