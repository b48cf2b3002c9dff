using Inrr.Torch.Imaging;

namespace Inrr.Reporting;

/// <summary>
/// Writes files so that a reader (a person, a resumed batch, another machine of a sharded run) never sees
/// a half-written one: the bytes go to a temporary file in the same folder, which is then renamed over the
/// target (a rename within one file system is atomic). The temporary name ends in <c>.inrr-tmp</c>, like the
/// engine's <c>ImageIO.SavePng</c>, so leftovers of a killed run are recognisable and ignored. The file is flushed to
/// the disk before the rename and the folder after it (<c>DurableFile</c>), so a power loss leaves the old file
/// or the new one, never an empty one under the final name.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files (shared with the engine's PNG writer).</summary>
    public const string TemporarySuffix = DurableFile.TemporarySuffix;

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically, creating the folder.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var bytes = contents.ToArray();
        Write(path, temporary => File.WriteAllBytes(temporary, bytes));
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) to <paramref name="path"/> atomically, creating the folder.</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, temporary => File.WriteAllText(temporary, contents));

    /// <summary>
    /// Lets <paramref name="writeTemporary"/> write a temporary file, then moves it over <paramref name="path"/>
    /// (<see cref="DurableFile.Replace"/>). If the writer throws, the target is left as it was.
    /// </summary>
    public static void Write(string path, Action<string> writeTemporary) => DurableFile.Replace(path, writeTemporary);
}
