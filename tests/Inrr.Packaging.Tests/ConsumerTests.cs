using System.Globalization;
using System.Text.RegularExpressions;

namespace Inrr.Packaging.Tests;

/// <summary>
/// A user's project outside the repository, on this machine (Debian 12: TorchSharp's native library does not load
/// unpatched), runs the README's ML.NET pipeline end to end and gets a real completion.
/// </summary>
[TestClass]
public sealed partial class ConsumerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void PackageConsumerRunsThePipeline()
    {
        using var consumer = ConsumerProject.Create();
        string feed = Pack(consumer.Root);
        WritePackageSources(consumer, feed);
        // Inrr.MLNet brings the engine, not the reports and their plotting (Inrr.MLNet.Reporting is optional).
        string nuspec = Nuspec(Directory.GetFiles(feed, $"Inrr.MLNet.{PackageVersion(feed)}.nupkg").Single());
        StringAssert.Contains(nuspec, "id=\"Inrr.Torch\"");
        Assert.IsFalse(nuspec.Contains("Inrr.Reporting", StringComparison.Ordinal) || nuspec.Contains("OxyPlot", StringComparison.Ordinal), nuspec);
        consumer.Write($"""
                <PackageReference Include="Inrr.MLNet" Version="{PackageVersion(feed)}" />
                <PackageReference Include="{ConsumerProject.LibTorchPackage}" Version="{ConsumerProject.LibTorchVersion}" />
                <PackageReference Include="{ConsumerProject.OpenCvPackage}" Version="{ConsumerProject.OpenCvVersion}" />
            """);

        var result = BuildAndRun(consumer);

        AssertRealCompletion(result);
        if (OperatingSystem.IsLinux())
            CollectionAssert.AreNotEqual(File.ReadAllBytes(ConsumerProject.PackagedLibTorchSharp()), File.ReadAllBytes(consumer.BuiltLibTorchSharp()),
                "the package's buildTransitive targets should have patched the consumer's copy of libLibTorchSharp.so");
    }

    [TestMethod]
    public void ProjectReferenceConsumerRunsThePipeline()
    {
        using var consumer = ConsumerProject.Create();
        string project = Path.Combine(ConsumerProject.RepositoryRoot, "src", "Inrr.MLNet", "Inrr.MLNet.csproj");
        consumer.Write($"""
                <ProjectReference Include="{project}" />
                <PackageReference Include="{ConsumerProject.LibTorchPackage}" Version="{ConsumerProject.LibTorchVersion}" />
                <PackageReference Include="{ConsumerProject.OpenCvPackage}" Version="{ConsumerProject.OpenCvVersion}" />
            """);

        var result = BuildAndRun(consumer);

        AssertRealCompletion(result);
        if (OperatingSystem.IsLinux())
            CollectionAssert.AreEqual(File.ReadAllBytes(ConsumerProject.PackagedLibTorchSharp()), File.ReadAllBytes(consumer.BuiltLibTorchSharp()),
                "a ProjectReference consumer's build gets no targets from the repository: its library stays unpatched, so this run proves the engine's run-time fix");
    }

    [TestMethod]
    public void PackageConsumerWithoutNativeRuntimesIsToldWhichPackagesToAdd()
    {
        using var consumer = ConsumerProject.Create();
        string feed = Pack(consumer.Root);
        WritePackageSources(consumer, feed);
        consumer.Write($"""
                <PackageReference Include="Inrr.MLNet" Version="{PackageVersion(feed)}" />
            """);

        var (exitCode, output) = consumer.Dotnet("build", "-c", "Release");

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "warning INRR0001");
        StringAssert.Contains(output, OperatingSystem.IsLinux() ? "libtorch-cpu-linux-x64" : "libtorch-cpu-");
        StringAssert.Contains(output, "warning INRR0002");
        if (OperatingSystem.IsLinux()) StringAssert.Contains(output, "OpenCvSharp4.official.runtime.linux-x64");
    }

    /// <summary>Packs Inrr.Torch, Inrr.Reporting and Inrr.MLNet as built by this test run into a folder feed.</summary>
    private string Pack(string root)
    {
        string feed = Path.Combine(root, "feed");
        using var packer = ConsumerProject.Create();
        foreach (var library in new[] { "Inrr.Torch", "Inrr.Reporting", "Inrr.MLNet" })
        {
            string project = Path.Combine(ConsumerProject.RepositoryRoot, "src", library, library + ".csproj");
            var (exitCode, output) = packer.Dotnet("pack", project, "--no-build", "-c", ConsumerProject.Configuration, "-o", feed);
            Assert.AreEqual(0, exitCode, $"pack {library}:\n{output}");
        }
        return feed;
    }

    /// <summary>
    /// The feed first, nuget.org behind it; a private global packages folder so a package of the same version packed
    /// by an earlier run can never be taken from the cache, with the machine's cache as a read-only fallback so
    /// nothing large is downloaded again.
    /// </summary>
    private static void WritePackageSources(ConsumerProject consumer, string feed) =>
        File.WriteAllText(Path.Combine(consumer.ProjectFolder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(consumer.Root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{ConsumerProject.GlobalPackagesFolder()}" />
              </fallbackPackageFolders>
            </configuration>
            """);

    private static string Nuspec(string package)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(package);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static string PackageVersion(string feed)
    {
        string file = Path.GetFileNameWithoutExtension(Directory.GetFiles(feed, "Inrr.MLNet.*.nupkg").Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal)));
        return file["Inrr.MLNet.".Length..];
    }

    private string BuildAndRun(ConsumerProject consumer)
    {
        var (exitCode, output) = consumer.Dotnet("build", "-c", "Release");
        Assert.AreEqual(0, exitCode, $"build:\n{output}");
        (exitCode, output) = consumer.Dotnet("run", "-c", "Release", "--no-build", "--", Path.Combine(consumer.Root, "out"));
        TestContext.WriteLine(output);
        Assert.AreEqual(0, exitCode, $"run:\n{output}");
        Assert.IsTrue(File.Exists(Path.Combine(consumer.Root, "out", "completed.png")), "the pipeline's completed picture was not saved");
        return output;
    }

    /// <summary>One row evaluated, none failed, and the holes filled far better than leaving them black.</summary>
    private static void AssertRealCompletion(string output)
    {
        var match = ResultLine().Match(output);
        Assert.IsTrue(match.Success, $"no RESULT line:\n{output}");
        double Value(string name) => double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.AreEqual(1, Value("evaluated"), output);
        Assert.AreEqual(0, Value("failed"), output);
        Assert.IsTrue(Value("psnr") > 15, $"hole PSNR {Value("psnr")} dB: not a real completion\n{output}");
        Assert.IsTrue(Value("psnr") > Value("input") + 10, $"hole PSNR {Value("psnr")} dB vs {Value("input")} dB with black holes\n{output}");
    }

    [GeneratedRegex(@"RESULT evaluated=(?<evaluated>\d+) failed=(?<failed>\d+) psnrHoles=(?<psnr>[-\d.]+) nmaeHoles=[-\d.NaN]+ inputPsnrHoles=(?<input>[-\d.]+)")]
    private static partial Regex ResultLine();
}
