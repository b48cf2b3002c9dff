using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using TorchSharp;

namespace Inrr.Torch.Runtime;

/// <summary>
/// Makes TorchSharp's native library load on Linux distributions whose libstdc++ predates GCC 13 (Debian 12),
/// in every program that uses the engine, however it was built.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> only because GCC 13 records a
/// reference to <c>std::ios_base_library_init()</c>, a marker nothing calls. The build fixes the copy in its output
/// (build/LibTorchSharpPatch.targets: in this repo, and as buildTransitive targets for every project that references
/// the Inrr.Torch package). A program built without those targets (a ProjectReference from outside the repo, files
/// copied by hand, a notebook) still fails; for it this class answers the runtime's last resort,
/// <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>, which fires only after the ordinary load failed: it
/// writes a copy with that one requirement marked weak to a per-user cache (never the NuGet cache) and loads it.
/// Where the ordinary load works (newer distributions, patched outputs, Windows, macOS) it never runs.
/// </remarks>
internal static class LibTorchSharpLoadFix
{
    private const string LibraryName = "LibTorchSharp";
    private const string FileName = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>Variable naming the folder for the patched copy (default: $XDG_CACHE_HOME/inrr/native or ~/.cache/inrr/native).</summary>
    public const string CacheFolderVariable = "INRR_NATIVE_CACHE";

    // libLibTorchSharp.so finds these through its RUNPATH ($ORIGIN); its copy lives elsewhere, so they are loaded
    // first from the original folder by path, and the loader then matches the copy's needs to them by soname.
    private static readonly string[] Dependencies = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    private static int _registered;

    /// <summary>Where the last patched copy was loaded from; null when the ordinary load needed no help.</summary>
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
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        if (name != LibraryName && name != FileName) return IntPtr.Zero;
        foreach (string original in Candidates(assembly))
        {
            try
            {
                if (PatchedCopy(original) is not { } copy) continue;
                string folder = Path.GetDirectoryName(original)!;
                foreach (string dependency in Dependencies)
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
                // Try the next candidate; TorchSharp reports the failure if none loads.
            }
        }
        return IntPtr.Zero;
    }

    /// <summary>The library files the runtime would have probed: the app's native search folders, then beside the assembly.</summary>
    private static IEnumerable<string> Candidates(Assembly assembly)
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
        return folders.Select(f => Path.Combine(f, FileName)).Where(File.Exists).Distinct();
    }

    /// <summary>
    /// A copy of <paramref name="original"/> with the requirement marked weak, in a folder named by the original's hash
    /// (written once, atomically, so concurrent processes agree); null when the original has no such requirement.
    /// </summary>
    private static string? PatchedCopy(string original)
    {
        byte[] elf = File.ReadAllBytes(original);
        string hash = Convert.ToHexString(SHA256.HashData(elf))[..16].ToLowerInvariant();
        if (ElfVersionPatch.MarkWeak(elf, MissingVersion) == 0) return null;

        string folder = Path.Combine(CacheRoot(), hash);
        string copy = Path.Combine(folder, FileName);
        if (File.Exists(copy) && new FileInfo(copy).Length == elf.Length) return copy;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $"{FileName}.{Environment.ProcessId}.inrr-tmp");
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
