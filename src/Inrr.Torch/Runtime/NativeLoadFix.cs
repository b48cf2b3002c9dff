using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using TorchSharp;

namespace Inrr.Torch.Runtime;

/// <summary>
/// Makes the engine's two native libraries load on Linux distributions they were not built for, in every program that
/// uses the engine, however it was built.
/// </summary>
/// <remarks>
/// <para>TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> only because GCC 13 records a
/// reference to <c>std::ios_base_library_init()</c>, a marker nothing calls; Debian 12's libstdc++ (GCC 12) lacks it.
/// The build fixes the copy in its output (build/LibTorchSharpPatch.targets: in this repo, and as buildTransitive
/// targets for every project that references the Inrr.Torch package).</para>
/// <para>OpenCvSharp's <c>libOpenCvSharpExtern.so</c> (the official linux-x64 runtime) links OpenCV's GUI module
/// against GTK 3, which servers and slim images (this project's Debian 12 machines) do not have. The engine never
/// opens a window; every GTK call is bound lazily, so without those two libraries only a GUI call could fail.</para>
/// <para>Where the ordinary load fails, the runtime's last resort, <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>,
/// reaches this class: it writes a corrected copy to a per-user cache (never the NuGet cache) and loads it. Where the
/// ordinary load works (newer distributions, patched outputs, GTK installed, Windows, macOS) it never runs, so a
/// program that does use OpenCV's windows keeps its GTK.</para>
/// </remarks>
internal static class NativeLoadFix
{
    /// <summary>Variable naming the folder for the corrected copies (default: $XDG_CACHE_HOME/inrr/native or ~/.cache/inrr/native).</summary>
    public const string CacheFolderVariable = "INRR_NATIVE_CACHE";

    private sealed record Fix(string LibraryName, string FileName, Func<byte[], int> Patch, string[] Dependencies);

    private static readonly Fix[] Fixes =
    [
        // libLibTorchSharp.so finds libtorch through its RUNPATH ($ORIGIN); its copy lives elsewhere, so those are loaded
        // first from the original folder by path, and the loader then matches the copy's needs to them by soname.
        new("LibTorchSharp", "libLibTorchSharp.so", elf => ElfVersionPatch.MarkWeak(elf, "GLIBCXX_3.4.32"),
            ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"]),
        new("OpenCvSharpExtern", "libOpenCvSharpExtern.so", elf => ElfVersionPatch.DropNeeded(elf, MissingGuiLibraries(elf)), []),
    ];

    private static readonly string[] GuiLibraries = ["libgtk-3.so.0", "libgdk-3.so.0"];

    private static int _registered;

    /// <summary>Where the last corrected copy was loaded from; null while no load needed help.</summary>
    public static string? LoadedCopy { get; private set; }

#pragma warning disable CA2255 // A library's module initializer, on purpose: it must run before TorchSharp loads its native library.
    [ModuleInitializer]
    internal static void RegisterOnLoad() => Register();
#pragma warning restore CA2255

    /// <summary>Registers the fallback once per process (Linux only).</summary>
    public static void Register()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _registered, 1) == 1) return;
        var context = AssemblyLoadContext.GetLoadContext(typeof(torch).Assembly) ?? AssemblyLoadContext.Default;
        context.ResolvingUnmanagedDll += Resolve;
        var openCv = AssemblyLoadContext.GetLoadContext(typeof(OpenCvSharp.Cv2).Assembly) ?? AssemblyLoadContext.Default;
        if (openCv != context) openCv.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        var fix = Fixes.FirstOrDefault(f => name == f.LibraryName || name == f.FileName);
        if (fix is null) return IntPtr.Zero;
        foreach (string original in Candidates(assembly, fix.FileName))
        {
            try
            {
                if (CorrectedCopy(original, fix) is not { } copy) continue;
                string folder = Path.GetDirectoryName(original)!;
                foreach (string dependency in fix.Dependencies)
                {
                    string path = Path.Combine(folder, dependency);
                    if (File.Exists(path)) NativeLibrary.TryLoad(path, out _);
                }
                if (NativeLibrary.TryLoad(copy, out var handle))
                {
                    LoadedCopy = copy;
                    return handle;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Try the next candidate; the library's own error reports the failure if none loads.
            }
        }
        return IntPtr.Zero;
    }

    /// <summary>The GUI libraries <paramref name="elf"/> needs that this system cannot load.</summary>
    private static HashSet<string> MissingGuiLibraries(byte[] elf) =>
        ElfVersionPatch.Needed(elf).Where(n => GuiLibraries.Contains(n) && !NativeLibrary.TryLoad(n, out _)).ToHashSet();

    /// <summary>The library files the runtime would have probed: the app's native search folders, then beside the assembly.</summary>
    private static IEnumerable<string> Candidates(Assembly assembly, string fileName)
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searched)
            folders.AddRange(searched.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        string? assemblyFolder = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(assemblyFolder))
        {
            folders.Add(assemblyFolder);
            string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            folders.Add(Path.Combine(assemblyFolder, "runtimes", $"linux-{arch}", "native"));
        }
        return folders.Select(f => Path.Combine(f, fileName)).Where(File.Exists).Distinct();
    }

    /// <summary>
    /// A corrected copy of <paramref name="original"/> in a folder named by the original's hash (written once,
    /// atomically, so concurrent processes agree); null when the fix changes nothing in it.
    /// </summary>
    private static string? CorrectedCopy(string original, Fix fix)
    {
        byte[] elf = File.ReadAllBytes(original);
        string hash = Convert.ToHexString(SHA256.HashData(elf))[..16].ToLowerInvariant();
        if (fix.Patch(elf) == 0) return null;

        string folder = Path.Combine(CacheRoot(), hash);
        string copy = Path.Combine(folder, fix.FileName);
        if (File.Exists(copy) && new FileInfo(copy).Length == elf.Length) return copy;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $"{fix.FileName}.{Environment.ProcessId}.inrr-tmp");
        File.WriteAllBytes(temporary, elf);
        File.Move(temporary, copy, overwrite: true);
        return copy;
    }

    private static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable(CacheFolderVariable) is { Length: > 0 } configured) return configured;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string baseFolder = !string.IsNullOrEmpty(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(baseFolder, "inrr", "native");
    }
}
