using System.Diagnostics;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>
/// The tool under a scheduler: shard processes started with a Slurm job array's variables (<c>--shard auto</c>), one
/// killed mid-way and started again, then <c>inrr merge</c>: every picture exactly once, the same pixels as one
/// machine's run, no record lost.
/// </summary>
[TestClass]
public sealed class SchedulerTests
{
    private static readonly string[] Fit = ["--mask", "random:0.3", "--representation", "siren:2x16", "--steps", "150", "--threads", "1"];

    [TestMethod]
    public void ShardsOfAJobArray_OneKilledAndRestarted_MergeToTheSingleMachineRun()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("kill -9: Linux only.");
        using var folder = new TestFolder();
        for (int i = 0; i < 5; i++) folder.Picture($"in/p{i}.png", variant: i);
        string input = folder.File("in"), single = folder.File("single"), shards = folder.File("shards");
        Assert.AreEqual(0, Cli.Run(["batch", input, "--out", single, .. Fit]).ExitCode);

        // Task 0 of 2: killed (SIGKILL, no chance to clean up) once its first record is written, then started again.
        using (var first = StartShard(0, input, shards))
        {
            string records = Path.Combine(shards, "results.shard-0-of-2.json");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(records) && !first.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(20);
            first.Kill();
            first.WaitForExit();
        }
        using (var restarted = StartShard(0, input, shards)) WaitOk(restarted);
        using (var other = StartShard(1, input, shards)) WaitOk(other);

        var (exitCode, output) = Cli.Run("merge", shards, "--input", input);
        Assert.AreEqual(0, exitCode, output);
        var merged = JsonDocument.Parse(File.ReadAllText(Path.Combine(shards, "results.json"))).RootElement.GetProperty("records").EnumerateArray().ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, 5).Select(i => $"p{i}.png").ToArray(), merged.Select(r => r.GetProperty("image").GetString()).ToArray(),
            "every picture exactly once");
        Assert.IsTrue(merged.All(r => r.TryGetProperty("psnr_holes", out var v) && v.ValueKind == JsonValueKind.Number), "no record lost its metrics");
        for (int i = 0; i < 5; i++)
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(single, $"p{i}.png")), File.ReadAllBytes(Path.Combine(shards, $"p{i}.png")),
                $"p{i}.png: the same pixels as the single-machine run");
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(shards, "summary.json"))).RootElement;
        Assert.AreEqual((5, 0, 0), (summary.GetProperty("done").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("missing").GetInt32()));
    }

    [TestMethod]
    public void ShardAuto_ReadsSlurmOrKubernetes_AndSaysWhatIsMissing()
    {
        Assert.AreEqual(new Specs.ShardSpec(2, 4), Specs.ShardSpec.FromEnvironment(n => n switch
        {
            "SLURM_ARRAY_TASK_ID" => "3", "SLURM_ARRAY_TASK_MIN" => "1", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null,
        }));
        Assert.AreEqual(new Specs.ShardSpec(1, 3), Specs.ShardSpec.FromEnvironment(n => n switch
        {
            "JOB_COMPLETION_INDEX" => "1", "INRR_SHARD_COUNT" => "3", _ => null,
        }));
        var e = Assert.Throws<FormatException>(() => Specs.ShardSpec.FromEnvironment(n => n == "JOB_COMPLETION_INDEX" ? "0" : null));
        StringAssert.Contains(e.Message, "INRR_SHARD_COUNT");
        StringAssert.Contains(Assert.Throws<FormatException>(() => Specs.ShardSpec.FromEnvironment(_ => null)).Message, "no scheduler variables");
    }

    private static Process StartShard(int task, string input, string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "inrr.dll"), "batch", input, "--out", output, "--shard", "auto" }.Concat(Fit))
            start.ArgumentList.Add(a);
        start.Environment["SLURM_ARRAY_TASK_ID"] = task.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SLURM_ARRAY_TASK_COUNT"] = "2";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void WaitOk(Process process)
    {
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromSeconds(120)), "the shard finishes");
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, "the shard succeeds");
    }
}
