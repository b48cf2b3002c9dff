using Microsoft.VisualStudio.TestTools.UnitTesting;

// Torch state (thread count, the allocator setting) and the completion monitor are process-wide: tests run one at a time.
[assembly: DoNotParallelize]

namespace Inrr.MLNet.Tests;

[TestClass]
public static class AssemblySetup
{
    /// <summary>Removes the pictures, models and vectors the tests wrote.</summary>
    [AssemblyCleanup]
    public static void DeleteTemporaryFolders()
    {
        if (Directory.Exists(TestData.TemporaryRoot)) Directory.Delete(TestData.TemporaryRoot, recursive: true);
    }
}
