using System.Runtime.InteropServices;

namespace Inrr.Torch.Imaging;

/// <summary>
/// The two flushes that make "write a temporary file, rename it over the target" survive a power loss or a kernel
/// crash, not only a killed process: the file's bytes reach the disk before the rename, and the folder's entry after
/// it. Without them a crash can leave an empty file under the final name, which a resumed batch would take for done.
/// </summary>
public static class DurableFile
{
    /// <summary>The suffix of temporary files, so leftovers of a killed run are recognisable (and cleaned by the batch).</summary>
    public const string TemporarySuffix = ".inrr-tmp";

    /// <summary>
    /// Writes <paramref name="path"/> so that no reader ever sees a half-written file: <paramref name="writeTemporary"/>
    /// writes a temporary file in the same folder (created if needed), which is flushed, renamed over the target (atomic
    /// within one file system) and the folder flushed. If the writer throws, the target is left as it was.
    /// </summary>
    public static void Replace(string path, Action<string> writeTemporary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeTemporary);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            writeTemporary(temporary);
            Flush(temporary);
            File.Move(temporary, fullPath, overwrite: true);
            FlushFolder(folder);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Flushes <paramref name="path"/>'s data to the disk (fsync).</summary>
    public static void Flush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Flushes <paramref name="folder"/>'s entries (a rename into it) to the disk; a no-op where folders cannot be opened (Windows).</summary>
    public static void FlushFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int fd = open(folder, OperatingSystem.IsLinux() ? 0x10000 : 0x100000); // O_RDONLY | O_DIRECTORY
        if (fd < 0) return; // best effort: the data itself is flushed already
        fsync(fd);
        close(fd);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
