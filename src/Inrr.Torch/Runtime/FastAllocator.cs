using System.Runtime.InteropServices;

namespace Inrr.Torch.Runtime;

/// <summary>
/// Runs a program under tcmalloc when the machine has it, else under glibc with one malloc arena. <see cref="TorchRuntime"/>'s set-up of glibc's allocator is as
/// fast (docs/benchmarks.md section 10); tcmalloc holds about a third less resident memory for the same fits, so a
/// program that can have it may as well. An allocator can only be chosen before a process starts, so an executable calls
/// <see cref="UseIfAvailable"/> first thing in Main: if tcmalloc is installed (Debian/Ubuntu: libtcmalloc-minimal4) and
/// not loaded yet, the process replaces itself (<c>execve</c>) with the same command line and tcmalloc preloaded. It
/// keeps its PID, so signals (Ctrl+C, <c>kill -INT</c>, <c>kill -TERM</c>, a scheduler's stop) reach the program itself
/// and no orphaned child is ever left behind.
/// </summary>
public static class FastAllocator
{
    /// <summary>Set to <c>glibc</c> to never relaunch (e.g. to measure glibc's allocator as <see cref="TorchRuntime"/> sets it up).</summary>
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
    /// Replaces this process by the same command line under tcmalloc, or, without tcmalloc, under glibc with one malloc
    /// arena for every thread (<c>MALLOC_ARENA_MAX=1</c>, which only a process's start can set for all its threads; see
    /// <see cref="TorchRuntime"/>'s set-up of glibc), and does not return then. Returns when the current process should
    /// just go on: not Linux, already relaunched, an allocator preloaded, the user's own malloc settings or
    /// <c>INRR_MALLOC_TUNING=0</c> (glibc as it is), or the replacement failed (then glibc's allocator, set up by
    /// <see cref="TorchRuntime"/>, is used). <c>INRR_ALLOCATOR=glibc</c> keeps glibc (tcmalloc is not looked for).
    /// </summary>
    public static void UseIfAvailable()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable(RelaunchedVariable) == "1") return;
        string preload = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
        if (preload.Contains("malloc", StringComparison.Ordinal)) return;
        bool glibcAsked = string.Equals(Environment.GetEnvironmentVariable(AllocatorVariable), "glibc", StringComparison.OrdinalIgnoreCase);
        string? library = glibcAsked ? null : Find();
        if (Environment.ProcessPath is not { } host) return;
        if (library is null && !GlibcNeedsOneArena()) return;

        // The command line exactly as started (host options of "dotnet exec ..." included).
        string[] argv;
        try
        {
            argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => (string)e.Key is not ("LD_PRELOAD" or RelaunchedVariable))
            .Select(e => $"{e.Key}={e.Value}")
            .Append(library is null ? "MALLOC_ARENA_MAX=1" : "LD_PRELOAD=" + (preload.Length == 0 ? library : library + ":" + preload))
            .Append(RelaunchedVariable + "=1");
        if (library is null && preload.Length > 0) environment = environment.Append("LD_PRELOAD=" + preload);
        Console.Out.Flush();
        execve(host, [.. argv, null], [.. environment, null]);
        // execve returned: it failed; go on with glibc's allocator.
    }

    /// <summary>Whether glibc's set-up wants one arena that the environment does not give yet (and the user has not set malloc up their own way).</summary>
    private static bool GlibcNeedsOneArena()
    {
        if ((Environment.GetEnvironmentVariable(TorchRuntime.MallocTuningVariable) ?? "").Trim() is "0" or "mmap") return false;
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 }) return false;
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 }) return false;
        return Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not { } tunables || !tunables.Contains("glibc.malloc.", StringComparison.Ordinal);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execve(string path, string?[] argv, string?[] envp);
}
