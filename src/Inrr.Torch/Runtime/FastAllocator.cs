using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Inrr.Torch.Runtime;

/// <summary>
/// Runs a program under tcmalloc when the machine has it. libtorch's per-step buffers make glibc's malloc either
/// grow without bound (its default) or pay for fresh pages every step (the mmap threshold that
/// <see cref="TorchRuntime"/> sets, about 1.8x slower per step); tcmalloc keeps memory flat at full speed. An
/// allocator can only be chosen before a process starts, so an executable calls <see cref="RelaunchIfAvailable"/>
/// first thing in Main: if tcmalloc is installed (Debian/Ubuntu: libtcmalloc-minimal4) and not loaded yet, the
/// program runs again as a child with it preloaded and the parent returns the child's exit code.
/// </summary>
public static class FastAllocator
{
    /// <summary>Set to <c>glibc</c> to never relaunch (e.g. to measure the tuned glibc allocator).</summary>
    public const string AllocatorVariable = "INRR_ALLOCATOR";

    /// <summary>A path to a tcmalloc library to use instead of the standard locations.</summary>
    public const string LibraryVariable = "INRR_TCMALLOC";

    private const string RelaunchedVariable = "INRR_RELAUNCHED";

    private static readonly string[] StandardLocations =
    [
        "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
        "/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4",
        "/usr/lib64/libtcmalloc_minimal.so.4",
        "/usr/lib/libtcmalloc_minimal.so.4",
    ];

    /// <summary>The tcmalloc library this machine offers, or null.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        return StandardLocations.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Runs this program again under tcmalloc and returns its exit code, or returns null when the current process
    /// should just go on: not Linux, already relaunched or preloaded, opted out with <c>INRR_ALLOCATOR=glibc</c>,
    /// or no tcmalloc installed (then the tuned glibc allocator is used).
    /// </summary>
    /// <param name="args">The program's arguments (as Main received them).</param>
    public static int? RelaunchIfAvailable(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!OperatingSystem.IsLinux()) return null;
        if (Environment.GetEnvironmentVariable(RelaunchedVariable) == "1") return null;
        if (string.Equals(Environment.GetEnvironmentVariable(AllocatorVariable), "glibc", StringComparison.OrdinalIgnoreCase)) return null;
        string preload = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
        if (preload.Contains("malloc", StringComparison.Ordinal)) return null;
        if (Find() is not { } library || Environment.ProcessPath is not { } host) return null;

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Under "dotnet app.dll" the host is dotnet and the app's dll comes first; an apphost is the app itself.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LD_PRELOAD"] = preload.Length == 0 ? library : library + ":" + preload;
        start.Environment[RelaunchedVariable] = "1";

        using var child = Process.Start(start);
        if (child is null) return null;
        // Ctrl+C reaches the child directly (same terminal process group): the parent only waits for it.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        });
        child.WaitForExit();
        return child.ExitCode;
    }
}
