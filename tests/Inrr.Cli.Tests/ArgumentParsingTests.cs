using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>The command line as a person types it: help everywhere, and every mistake named before any work starts.</summary>
[TestClass]
public sealed class ArgumentParsingTests
{
    [TestMethod]
    [DataRow("demo", "--methods")]
    [DataRow("complete", "--mask")]
    [DataRow("compare", "--methods")]
    [DataRow("batch", "--shard")]
    public void Help_ListsEachCommandsOptions(string command, string option)
    {
        var (exitCode, output) = Cli.Run(command, "--help");
        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(output, option);
        StringAssert.Contains(output, "--preset");
        StringAssert.Contains(output, "EXAMPLES");
    }

    [TestMethod]
    public void Help_DescribesThePresetsAndSteps_WithTheirActualValues()
    {
        var (exitCode, output) = Cli.Run("complete", "--help");
        Assert.AreEqual(0, exitCode);
        static string Flat(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        StringAssert.Contains(Flat(output), Flat(Spectre.Console.Markup.Remove(Inrr.Cli.Settings.HelpTexts.Presets)).TrimEnd('.'), "the --preset help is the generated one (Spectre drops the final full stop)");
        StringAssert.Contains(Flat(output), Flat(Inrr.Cli.Settings.HelpTexts.Steps).TrimEnd('.'));
        // ... and that text holds the presets' numbers (issue 12 found "lr 5e-4, 800 steps" for a preset of 1e-3, 1000).
        var fast = Inrr.Torch.Fitting.CompletionOptions.Fast;
        StringAssert.Contains(Inrr.Cli.Settings.HelpTexts.Presets, $"{fast.Steps} steps");
        StringAssert.Contains(Inrr.Cli.Settings.HelpTexts.Presets, FormattableString.Invariant($"lr {fast.Representation.LearningRate:g3}"));
        StringAssert.Contains(Inrr.Cli.Settings.HelpTexts.Presets, $"{Inrr.Torch.Fitting.CompletionOptions.Paper.Steps} steps");
        StringAssert.Contains(Inrr.Cli.Settings.HelpTexts.Steps, $"up to {Inrr.Torch.Fitting.CompletionOptions.MaxStepScale}x its {Inrr.Torch.Fitting.CompletionOptions.Guided.Steps} steps");
    }

    [TestMethod]
    public void Help_AtTheTop_ListsAllCommands()
    {
        var (exitCode, output) = Cli.Run("--help");
        Assert.AreEqual(0, exitCode);
        foreach (var command in new[] { "demo", "complete", "compare", "batch" }) StringAssert.Contains(output, command);
    }

    [TestMethod]
    public void UnknownCommandOrOption_IsAUsageError()
    {
        Assert.AreEqual(CliApplication.UsageError, Cli.Run("paint").ExitCode);
        var (exitCode, output) = Cli.Run("demo", "--bogus");
        Assert.AreEqual(CliApplication.UsageError, exitCode);
        StringAssert.Contains(output, "bogus");
    }

    [TestMethod]
    public void Complete_WithoutMask_NamesTheMissingOption()
    {
        using var folder = new TestFolder();
        var (exitCode, output) = Cli.Run("complete", folder.Picture("a.png"));
        Assert.AreEqual(CliApplication.UsageError, exitCode);
        StringAssert.Contains(output, "--mask: give the missing pixels");
    }

    [TestMethod]
    public void Complete_MissingImage_NamesTheFile()
    {
        var (exitCode, output) = Cli.Run("complete", "/no/such/photo.png", "--mask", "random:0.5");
        Assert.AreEqual(CliApplication.UsageError, exitCode);
        StringAssert.Contains(output, "IMAGE: file '/no/such/photo.png' does not exist");
    }

    [TestMethod]
    public void Complete_BadMaskSpec_IsRejectedWithTheReason()
    {
        using var folder = new TestFolder();
        var (exitCode, output) = Cli.Run("complete", folder.Picture("a.png"), "--mask", "random:1.5");
        Assert.AreEqual(CliApplication.UsageError, exitCode);
        StringAssert.Contains(output, "--mask: The missing rate must be between 0 and 1");
    }

    [TestMethod]
    public void Complete_PatchOutsideTheImage_IsAUsageErrorNamingTheMask()
    {
        using var folder = new TestFolder();
        var (exitCode, output) = Cli.Run(["complete", folder.Picture("a.png", size: 16), "--mask", "patch:12,0,8,8", .. Cli.Tiny]);
        Assert.AreEqual(CliApplication.UsageError, exitCode);
        StringAssert.Contains(output, "--mask: patch:12,0,8,8: The rectangle 12,0,8,8 reaches outside the 16x16");
    }

    [TestMethod]
    public void Complete_UndecodableImage_IsAUsageErrorNamingTheImage()
    {
        using var folder = new TestFolder();
        var (exitCode, output) = Cli.Run(["complete", folder.Corrupt("broken.png"), "--mask", "random:0.5", .. Cli.Tiny]);
        Assert.AreEqual(CliApplication.UsageError, exitCode);
        StringAssert.Contains(output, "IMAGE:");
        StringAssert.Contains(output, "broken.png");
    }

    [TestMethod]
    [DataRow("--steps", "0", "--steps: expected a whole number of at least 1")]
    [DataRow("--size", "12x", "--size: Expected N or WIDTHxHEIGHT")]
    [DataRow("--representation", "mlp", "--representation: Unknown representation 'mlp'")]
    [DataRow("--lr", "-1", "--lr: expected a positive number")]
    [DataRow("--lr", "inf", "--lr: expected a positive number such as 1e-3, got 'inf'")]
    [DataRow("--seed", "1.5", "--seed: expected a whole number, got '1.5'")]
    [DataRow("--log-every", "x", "--log-every: expected a whole number of at least 1")]
    [DataRow("--threads", "-2", "--threads: expected 0 (torch's default) to 256")]
    [DataRow("--options", "/no/such.json", "--options: file '/no/such.json' does not exist")]
    [DataRow("--methods", "none,fancy", "--methods: Unknown regulariser 'fancy'")]
    [DataRow("--preset", "slow", "slow")]
    [DataRow("--device", "gpu", "--device: 'gpu' is not a device: use cpu, cuda or cuda:N.")]
    public void Demo_BadOption_NamesIt(string option, string value, string expected)
    {
        var (exitCode, output) = Cli.Run("demo", option, value);
        Assert.AreEqual(CliApplication.UsageError, exitCode, output);
        StringAssert.Contains(output, expected);
    }

    [TestMethod]
    public void Complete_OnAGpuThatIsNotThere_IsAUsageErrorNamingTheDevice_BeforeAnyFit()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Inconclusive("This machine has CUDA (bench/gpu-check.sh runs the GPU path).");
        using var folder = new TestFolder();
        var (exitCode, output) = Cli.Run(["complete", folder.Picture("a.png"), "--mask", "random:0.3", "--out", Path.Combine(folder.Path, "out.png"), "--device", "cuda:1", .. Cli.Tiny]);
        Assert.AreEqual(CliApplication.UsageError, exitCode, output);
        StringAssert.Contains(output, "--device: 'cuda:1': CUDA is not available");
        Assert.IsFalse(File.Exists(Path.Combine(folder.Path, "out.png")));
    }

    [TestMethod]
    public void Batch_BadShard_MissingFolders_AndMaskChoice_AreNamed()
    {
        using var folder = new TestFolder();
        string input = Path.GetDirectoryName(folder.Picture("in/a.png"))!;
        string output = folder.File("out");
        StringAssert.Contains(Cli.Run("batch", input, "--out", output, "--mask", "random:0.5", "--shard", "4/4").Output, "--shard: The shard index is 0-based");
        StringAssert.Contains(Cli.Run("batch", "/no/such/folder", "--out", output, "--mask", "random:0.5").Output, "INPUT: folder '/no/such/folder' does not exist");
        StringAssert.Contains(Cli.Run("batch", input, "--out", output).Output, "--mask: give either --masks FOLDER");
        StringAssert.Contains(Cli.Run("batch", input, "--out", output, "--mask", "random:0.5", "--masks", input).Output, "--mask: give either");
        StringAssert.Contains(Cli.Run("batch", input, "--out", input, "--mask", "random:0.5").Output, "--out: '" + input + "' is the folder given as INPUT");
        StringAssert.Contains(Cli.Run("batch", input, "--out", output, "--masks", "/no/masks").Output, "--masks: folder '/no/masks' does not exist");
        Assert.AreEqual(CliApplication.UsageError, Cli.Run("batch", input, "--out", output, "--mask", "random:0.5", "--shard", "x").ExitCode);
        Assert.IsFalse(Directory.Exists(output), "a rejected command line computes and writes nothing");
    }
}
