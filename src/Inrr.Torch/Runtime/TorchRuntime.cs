using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Runtime;

/// <summary>
/// Process-wide torch settings the engine needs before its first tensor: the native allocator tuning and
/// the thread count. Every entry point of the engine calls <see cref="EnsureInitialized"/>.
/// </summary>
public static class TorchRuntime
{
    private static int _initialized;
    private static bool _heapOnly; // glibc set up heap-only: freed memory stays in the heap until ReleaseFreeMemory

    /// <summary>
    /// Environment variable that chooses the glibc allocator set-up, to measure each: unset or <c>heap</c> (the
    /// default: large blocks from the heap, never trimmed), <c>mmap</c> (the earlier set-up: every block of 128 KiB
    /// or more mapped afresh), <c>0</c> (glibc's own defaults).
    /// </summary>
    public const string MallocTuningVariable = "INRR_MALLOC_TUNING";

    /// <summary>How the native allocator was set up at start-up (for logs and benchmarks).</summary>
    public static string AllocatorDescription { get; private set; } = "not initialised";

    /// <summary>
    /// Sets up the allocator once per process, in every host (the tool, a test, an ML.NET program that only
    /// references the packages). libtorch allocates and frees the same large buffers every step. glibc's defaults
    /// serve blocks above a moving threshold by mmap and trim the heap's top, so each step maps, faults in and
    /// unmaps fresh pages, and what stays on the heap fragments (resident memory grows without any tensor leaking).
    /// Taking every block from the heap (<c>M_MMAP_MAX = 0</c>) and never giving its top back
    /// (<c>M_TRIM_THRESHOLD</c> at its maximum) lets freed buffers be reused as they are, which is what tcmalloc does:
    /// the same speed, and resident memory stays at the largest fit's working set (docs/benchmarks.md section 3).
    /// A preloaded tcmalloc/jemalloc (LD_PRELOAD) needs no tuning and is left alone.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1) return;
        NativeLoadFix.Register(); // normally done when the assembly loads; harmless twice
        AllocatorDescription = ConfigureAllocator();
    }

    /// <summary>
    /// Gives the heap's free memory back to the system (glibc's <c>malloc_trim</c>) where the allocator is set up heap-only:
    /// between fits, so a process that fitted one large picture does not hold that fit's peak for the rest of its life,
    /// while the steps of a fit reuse their buffers without a fresh mapping each (a few page faults on the next fit's
    /// first step). A no-op with any other allocator. The engine calls it when a fit ends.
    /// </summary>
    public static void ReleaseFreeMemory()
    {
        if (!_heapOnly) return;
        try
        {
            NativeMethods.malloc_trim(0);
        }
        catch (EntryPointNotFoundException)
        {
            _heapOnly = false;
        }
    }

    /// <summary>
    /// The thread count a fit uses when none is given (<c>Threads = 0</c>): half the logical processors, at least one. Torch's
    /// own default (all of them) lets OpenMP threads spin while they wait for each other, which collapses when anything
    /// else runs on the machine (measured on 2 cores beside other jobs: 4-90x slower); results do not depend on it.
    /// </summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Sets the number of threads torch uses for intra-op parallelism (process-wide); 0 = <see cref="DefaultThreads"/>.</summary>
    public static void SetThreads(int threads)
    {
        int resolved = ResolveThreads(threads);
        if (torch.get_num_threads() != resolved)
            torch.set_num_threads(resolved);
    }

    /// <summary>The threads a fit asking for <paramref name="threads"/> runs on: that many, or <see cref="DefaultThreads"/> for 0.</summary>
    public static int ResolveThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        EnsureInitialized();
        return threads > 0 ? threads : DefaultThreads;
    }

    /// <summary>The device name that means the CPU, the default of <see cref="Fitting.CompletionOptions.Device"/>.</summary>
    public const string CpuDevice = "cpu";

    /// <summary>
    /// Whether <paramref name="name"/> names a device the engine knows: <c>cpu</c>, <c>cuda</c> (the first GPU) or
    /// <c>cuda:N</c>. Checks the spelling only; <see cref="ResolveDevice"/> checks that this process can use it.
    /// </summary>
    public static bool IsDeviceName(string? name) => TryParseDevice(name, out _, out _);

    /// <summary>
    /// The torch device for <paramref name="name"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), after checking that this
    /// process can use it: a CUDA device needs the CUDA build of libtorch (<c>-p:InrrTorchBackend=cuda</c>) and a GPU with
    /// that index.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a device name, naming <paramref name="argumentName"/>.</exception>
    /// <exception cref="DeviceUnavailableException">The device exists in name but not in this process.</exception>
    public static Device ResolveDevice(string name, string argumentName)
    {
        if (!TryParseDevice(name, out bool cuda, out int index))
            throw new ArgumentException($"'{name}' is not a device: use cpu, cuda or cuda:N (N = 0 for the first GPU).", argumentName);
        EnsureInitialized();
        if (!cuda) return torch.CPU;
        if (!torch.cuda.is_available())
            throw new DeviceUnavailableException(name, argumentName,
                "CUDA is not available in this process (no GPU, no driver, or the CPU build of libtorch: " +
                "build with -p:InrrTorchBackend=cuda for the CUDA one).");
        int count = torch.cuda.device_count();
        if (index >= count)
            throw new DeviceUnavailableException(name, argumentName, $"this machine has {count} CUDA device(s), numbered from 0.");
        return torch.device(DeviceType.CUDA, index);
    }

    private static bool TryParseDevice(string? name, out bool cuda, out int index)
    {
        cuda = false;
        index = 0;
        if (string.IsNullOrWhiteSpace(name)) return false;
        var n = name.Trim().ToLowerInvariant();
        if (n == CpuDevice) return true;
        if (n == "cuda") return cuda = true;
        return n.StartsWith("cuda:", StringComparison.Ordinal)
               && int.TryParse(n.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
               && (cuda = true);
    }

    private static string ConfigureAllocator()
    {
        if (!OperatingSystem.IsLinux()) return "platform default";
        string preload = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
        if (preload.Contains("malloc", StringComparison.Ordinal))
            return "preloaded " + Path.GetFileName(preload.Split(':').First(p => p.Contains("malloc", StringComparison.Ordinal)));
        string tuning = (Environment.GetEnvironmentVariable(MallocTuningVariable) ?? "").Trim().ToLowerInvariant();
        if (tuning == "0")
            return "glibc default (tuning disabled by " + MallocTuningVariable + "=0)";
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 } v)
            return "glibc, MALLOC_MMAP_THRESHOLD_=" + v;
        // A user's own glibc tunables for malloc win over ours (mallopt would override them).
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal))
            return "glibc, GLIBC_TUNABLES=" + tunables;
        try
        {
            const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3, M_MMAP_MAX = -4, M_ARENA_MAX = -8;
            if (tuning == "mmap")
                return NativeMethods.mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 1
                    ? "glibc, mmap threshold 128 KiB"
                    : "glibc default (mallopt refused)";
            _heapOnly = NativeMethods.mallopt(M_MMAP_MAX, 0) == 1 && NativeMethods.mallopt(M_TRIM_THRESHOLD, int.MaxValue) == 1;
            // One arena for every thread: a thread's own arena grows in 64 MiB heaps that glibc unmaps as soon as they
            // are free, whatever the trim threshold, so fits on other threads (concurrent windows or rows) would map and
            // fault in their activations afresh every step. Threads that took an arena before this keep it: an
            // executable sets MALLOC_ARENA_MAX=1 before it starts (FastAllocator), which covers them all.
            bool oneArena = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 } || NativeMethods.mallopt(M_ARENA_MAX, 1) == 1;
            return _heapOnly ? $"glibc, heap only (no mmap, no trim{(oneArena ? ", one arena" : "")})" : "glibc default (mallopt refused)";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "non-glibc libc (no tuning)";
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc.so.6", CallingConvention = CallingConvention.Cdecl)]
        internal static extern int mallopt(int param, int value);

        [DllImport("libc.so.6", CallingConvention = CallingConvention.Cdecl)]
        internal static extern int malloc_trim(nuint pad);
    }
}
