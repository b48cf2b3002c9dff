using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Inrr.Packaging.Tests;

/// <summary>
/// A fresh project in a temporary folder outside the repository, built and run with the dotnet CLI as a user would:
/// it sees none of the repository's Directory.Build.* files, so nothing of the repository's build reaches it except
/// through what it references.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    public const string LibTorchPackage = "libtorch-cpu-linux-x64";

    public const string OpenCvPackage = "OpenCvSharp4.official.runtime.linux-x64";

    private ConsumerProject(string root)
    {
        Root = root;
        Directory.CreateDirectory(ProjectFolder);
    }

    public string Root { get; }

    public string ProjectFolder => Path.Combine(Root, "Consumer");

    public static string RepositoryRoot => Metadata("InrrRepositoryRoot");

    public static string Configuration => Metadata("InrrConfiguration");

    public static string LibTorchVersion => Metadata("InrrLibTorchVersion");

    public static string OpenCvVersion => Metadata("InrrOpenCvVersion");

    public static ConsumerProject Create() =>
        new(Path.Combine(Path.GetTempPath(), "inrr-consumer-" + Guid.NewGuid().ToString("N")[..12]));

    /// <summary>Writes Consumer.csproj with <paramref name="references"/> and the consumer's Program.cs.</summary>
    public void Write(string references)
    {
        File.WriteAllText(Path.Combine(ProjectFolder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(ProjectFolder, "Program.cs"));
    }

    /// <summary>Runs dotnet with <paramref name="arguments"/> in the project folder; returns exit code and output.</summary>
    public (int ExitCode, string Output) Dotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";          // leave no build server behind
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["INRR_NATIVE_CACHE"] = Path.Combine(Root, "native-cache"); // the run-time fix writes here, not to ~/.cache
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 8 minutes:\n{output}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    /// <summary>The global packages folder the machine's restore uses (NUGET_PACKAGES or the user's default).</summary>
    public static string GlobalPackagesFolder()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured) return configured;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>The consumer's copy of TorchSharp's native library after a build.</summary>
    public string BuiltLibTorchSharp() =>
        Directory.GetFiles(Path.Combine(ProjectFolder, "bin"), "libLibTorchSharp.so", SearchOption.AllDirectories).Single();

    /// <summary>TorchSharp's own, unpatched, native library in the package cache.</summary>
    public static string PackagedLibTorchSharp() =>
        Path.Combine(GlobalPackagesFolder(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }          // a temp folder left behind is harmless
        catch (UnauthorizedAccessException) { }
    }

    private static string Metadata(string key) =>
        typeof(ConsumerProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
