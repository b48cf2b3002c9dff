using System.Diagnostics;
using Inrr.Torch.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>
/// The tool as a process: under tcmalloc it replaced itself (same PID, no child to orphan), and SIGINT or SIGTERM to
/// that PID cancel the running fit with the documented message and exit code 130. A shell starts, signals and
/// waits for the tool, as a user's shell or a scheduler would.
/// </summary>
[TestClass]
public sealed class SignalTests
{
    [TestMethod]
    [DataRow("INT")]
    [DataRow("TERM")]
    public void ASignalToTheToolsPid_CancelsTheFit_WithExitCode130(string signal)
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("POSIX signals: Linux only.");
        using var folder = new TestFolder();
        string tool = Path.Combine(AppContext.BaseDirectory, "inrr.dll");
        // set -m: job control, as in a terminal (a non-interactive shell starts background jobs with SIGINT ignored).
        string script = $"""
            set -m
            dotnet '{tool}' demo --size 24 --steps 20000 --methods none --threads 1 --out '{folder.File("demo")}' > '{folder.File("tool.log")}' 2>&1 &
            pid=$!
            # Signalled once it is fitting (its first step printed), not after a fixed sleep: on a loaded machine the
            # start-up (two runtimes: the execve) can outlast any sleep, and a signal before the handler is lost.
            for i in $(seq 1 600); do grep -q 'step 1/' '{folder.File("tool.log")}' 2>/dev/null && break; sleep 0.1; done
            sleep 0.5
            echo "MAPS $(grep -c tcmalloc /proc/$pid/maps)"
            echo "CHILDREN $(ps -o pid= --ppid $pid | wc -l)"
            kill -{signal} $pid
            wait $pid
            echo "EXIT $?"
            cat '{folder.File("tool.log")}'
            """;
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var shell = Process.Start(start)!;
        var stderr = shell.StandardError.ReadToEndAsync();
        string output = shell.StandardOutput.ReadToEnd();
        Assert.IsTrue(shell.WaitForExit(TimeSpan.FromSeconds(120)), "the tool stops");
        string log = output + stderr.Result;

        StringAssert.Contains(output, "EXIT 130", log);
        StringAssert.Contains(output, "cancelled", log);
        StringAssert.Contains(output, "CHILDREN 0", "the tool runs in the PID it was started with, no child process: " + log);
        if (FastAllocator.Find() is not null)
            Assert.IsFalse(output.Contains("MAPS 0", StringComparison.Ordinal), "that PID runs under tcmalloc: " + log);
    }
}
