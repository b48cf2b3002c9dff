using Inrr.Cli.Output;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void Write_ReplacesTheTarget_AndLeavesNoTemporaryFile()
    {
        using var folder = new TestFolder();
        string path = folder.File("sub/results.csv");
        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.AreEqual("new", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { "results.csv" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Write_ThatFailsHalfway_KeepsTheOldFile_AndRemovesTheTemporaryOne()
    {
        using var folder = new TestFolder();
        string path = folder.File("image.png");
        AtomicFile.WriteAllText(path, "complete old content");
        string? temporary = null;

        Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, t =>
        {
            temporary = t;
            File.WriteAllText(t, "half");
            throw new IOException("disk full");
        }));

        Assert.AreEqual("complete old content", File.ReadAllText(path));
        Assert.IsNotNull(temporary);
        StringAssert.EndsWith(temporary, AtomicFile.TemporarySuffix);
        Assert.AreEqual(Path.GetDirectoryName(path), Path.GetDirectoryName(temporary), "same folder, so the rename is atomic");
        Assert.IsFalse(File.Exists(temporary));
    }
}
