using System.Runtime.InteropServices;
using TorchSharp;

namespace Inrr.Torch.Runtime;

/// <summary>
/// Process-wide torch settings the engine needs before its first tensor: the native allocator tuning and
/// the thread count. Every entry point of the engine calls <see cref="EnsureInitialized"/>.
/// </summary>
public static class TorchRuntime
{
    private static int _initialized;

    /// <summary>
    /// Environment variable that turns the glibc allocator tuning off (<c>INRR_MALLOC_TUNING=0</c>), e.g. to
    /// measure the untuned allocator or when another allocator is preloaded some other way.
    /// </summary>
    public const string MallocTuningVariable = "INRR_MALLOC_TUNING";

    /// <summary>How the native allocator was set up at start-up (for logs and benchmarks).</summary>
    public static string AllocatorDescription { get; private set; } = "not initialised";

    /// <summary>
    /// Sets up the allocator once per process. With glibc's default settings libtorch's large, short-lived
    /// buffers fragment the heap and resident memory grows by tens of MB per training step without any tensor
    /// leaking. Serving every allocation of 128 KiB or more by mmap returns that memory to the system on free
    /// and keeps memory flat. A preloaded tcmalloc/jemalloc (LD_PRELOAD) needs no tuning and is left alone.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1) return;
        NativeLoadFix.Register(); // normally done when the assembly loads; harmless twice
        AllocatorDescription = ConfigureAllocator();
    }

    /// <summary>
    /// The thread count the CLI and ML.NET use when none is given: half the logical processors, at least one. Torch's
    /// own default (all of them) lets OpenMP threads spin while they wait for each other, which collapses when anything
    /// else runs on the machine (measured on 2 cores beside other jobs: 4-90x slower); results do not depend on it.
    /// </summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Sets the number of threads torch uses for intra-op parallelism (process-wide). 0 keeps the current setting.</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        EnsureInitialized();
        if (threads > 0 && torch.get_num_threads() != threads)
            torch.set_num_threads(threads);
    }

    private static string ConfigureAllocator()
    {
        if (!OperatingSystem.IsLinux()) return "platform default";
        string preload = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
        if (preload.Contains("malloc", StringComparison.Ordinal))
            return "preloaded " + Path.GetFileName(preload.Split(':').First(p => p.Contains("malloc", StringComparison.Ordinal)));
        if (Environment.GetEnvironmentVariable(MallocTuningVariable) == "0")
            return "glibc default (tuning disabled by " + MallocTuningVariable + "=0)";
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 } v)
            return "glibc, MALLOC_MMAP_THRESHOLD_=" + v;
        try
        {
            const int M_MMAP_THRESHOLD = -3;
            return NativeMethods.mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 1
                ? "glibc, mmap threshold 128 KiB"
                : "glibc default (mallopt refused)";
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
    }
}
