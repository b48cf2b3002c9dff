using Inrr.Torch.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class RuntimeTests
{
    [TestMethod]
    public void FastAllocator_Find_HonoursTheConfiguredPath()
    {
        string? before = Environment.GetEnvironmentVariable(FastAllocator.LibraryVariable);
        try
        {
            string file = Path.GetTempFileName();
            Environment.SetEnvironmentVariable(FastAllocator.LibraryVariable, file);
            Assert.AreEqual(file, FastAllocator.Find());
            File.Delete(file);
            Assert.IsNull(FastAllocator.Find(), "a configured path that does not exist is not used");
        }
        finally
        {
            Environment.SetEnvironmentVariable(FastAllocator.LibraryVariable, before);
        }
    }

    [TestMethod]
    public void TorchRuntime_DescribesTheAllocator_AndRejectsNegativeThreads()
    {
        TorchRuntime.EnsureInitialized();
        Assert.AreNotEqual("not initialised", TorchRuntime.AllocatorDescription);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TorchRuntime.SetThreads(-1));
        Assert.AreEqual("threads", e.ParamName);
    }

    /// <summary>
    /// Where the process runs on glibc with nothing preloaded (a fresh machine), a large block comes from the heap after
    /// the engine's set-up, not from a fresh mapping: glibc's count of mapped blocks does not move.
    /// </summary>
    [TestMethod]
    public void OnGlibc_LargeBlocksComeFromTheHeap_NotFromFreshMappings()
    {
        TorchRuntime.EnsureInitialized();
        if (!TorchRuntime.AllocatorDescription.StartsWith("glibc, heap only", StringComparison.Ordinal))
        {
            Assert.IsTrue(!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("LD_PRELOAD") is { Length: > 0 }
                || Environment.GetEnvironmentVariable(TorchRuntime.MallocTuningVariable) is { Length: > 0 }
                || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { Length: > 0 },
                $"a plain glibc process is set up heap-only, not '{TorchRuntime.AllocatorDescription}'");
            return; // another allocator or set-up chosen on purpose
        }
        long before = MappedBlocks();
        var block = System.Runtime.InteropServices.Marshal.AllocHGlobal(8 << 20); // malloc: a fresh mapping by glibc's default
        try
        {
            // At most as many: a block mapped before the set-up may be freed meanwhile by another thread.
            Assert.IsLessThanOrEqualTo(before, MappedBlocks(), "an 8 MiB block was mapped instead of taken from the heap");
        }
        finally
        {
            System.Runtime.InteropServices.Marshal.FreeHGlobal(block);
        }
    }

    private static long MappedBlocks() => (long)mallinfo2().hblks;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct MallocInfo
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [System.Runtime.InteropServices.DllImport("libc.so.6")]
    private static extern MallocInfo mallinfo2();
}
