using Inrr.Cli.Fitting;

namespace Inrr.Cli.Output;

/// <summary>
/// Checks every output before anything is computed: an output never is (or replaces a file of) an input, symlinks
/// and relative spellings included, and every output folder exists and takes a file. A failure is an
/// <see cref="InputException"/> naming the option and the user's path: exit code 2, nothing computed, nothing
/// touched.
/// </summary>
internal static class OutputGuard
{
    /// <summary>One input file or folder, as the command line names it (<c>IMAGE</c>, <c>--mask</c>, ...).</summary>
    public readonly record struct Input(string Argument, string Path);

    /// <summary>
    /// The path with every symlink on the way resolved (its folders and, when it exists, the file itself): two
    /// spellings of one file give the same string.
    /// </summary>
    public static string RealPath(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string root = System.IO.Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = System.IO.Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                current = System.IO.Path.GetFullPath(target.FullName);
        }
        return current.TrimEnd(System.IO.Path.DirectorySeparatorChar) is { Length: > 0 } trimmed ? trimmed : root;
    }

    /// <summary>An output file that is one of the inputs (however spelled) is refused.</summary>
    public static void FileIsNoInput(string option, string output, IEnumerable<Input> inputs)
    {
        string real = RealPath(output);
        foreach (var input in inputs)
            if (string.Equals(real, RealPath(input.Path), StringComparison.Ordinal))
                throw new InputException(option, $"'{output}' is the file given as {input.Argument} ('{input.Path}'): it would be overwritten. Choose another output.");
    }

    /// <summary>
    /// An output folder that is an input folder, or that directly holds an input file (a report writes mask.png,
    /// truth.png, ... into its folder), is refused.
    /// </summary>
    public static void FolderIsNoInput(string option, string folder, IEnumerable<Input> inputFolders, IEnumerable<Input> inputFiles)
    {
        string real = RealPath(folder);
        foreach (var input in inputFolders)
            if (string.Equals(real, RealPath(input.Path), StringComparison.Ordinal))
                throw new InputException(option, $"'{folder}' is the folder given as {input.Argument} ('{input.Path}'): its files would be overwritten. Choose another folder.");
        foreach (var input in inputFiles)
            if (string.Equals(real, System.IO.Path.GetDirectoryName(RealPath(input.Path)), StringComparison.Ordinal))
                throw new InputException(option, $"'{folder}' holds the file given as {input.Argument} ('{input.Path}'), and outputs are written into it under fixed names. Choose an empty or separate folder.");
    }

    /// <summary>Creates <paramref name="folder"/> if needed and checks that a file can be written there (a probe, removed again).</summary>
    public static void FolderIsWritable(string option, string folder)
    {
        string probe = System.IO.Path.Combine(folder, $".inrr-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            if (File.Exists(folder)) throw new IOException("it is a file, not a folder");
            Directory.CreateDirectory(folder);
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputException(option, $"cannot write into '{folder}': {e.Message}", e);
        }
    }

    /// <summary>Checks that <paramref name="file"/> can be written: its folder takes files, and it is not a folder or read-only.</summary>
    public static void FileIsWritable(string option, string file)
    {
        if (Directory.Exists(file)) throw new InputException(option, $"'{file}' is a folder; give a file name.");
        if (File.Exists(file) && new FileInfo(file).IsReadOnly) throw new InputException(option, $"'{file}' is read-only.");
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!;
        FolderIsWritable(option, folder);
    }
}
