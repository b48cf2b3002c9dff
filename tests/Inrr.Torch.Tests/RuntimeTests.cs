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
}
