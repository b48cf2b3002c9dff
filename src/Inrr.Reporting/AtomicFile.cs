namespace Inrr.Reporting;

/// <summary>
/// Writes files so that a reader (a person, a resumed batch, another machine of a sharded run) never sees
/// a half-written one: the bytes go to a temporary file in the same folder, which is then renamed over the
/// target (a rename within one file system is atomic). The temporary name ends in <c>.inrr-tmp</c>, like the
/// engine's <c>ImageIO.SavePng</c>, so leftovers of a killed run are recognisable and ignored.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files (shared with the engine's PNG writer).</summary>
    public const string TemporarySuffix = ".inrr-tmp";

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
    /// Lets <paramref name="writeTemporary"/> write a temporary file, then moves it over <paramref name="path"/>.
    /// If the writer throws, the target is left as it was and the temporary file is removed.
    /// </summary>
    public static void Write(string path, Action<string> writeTemporary)
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
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
