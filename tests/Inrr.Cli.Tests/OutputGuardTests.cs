using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

/// <summary>
/// Outputs that point at inputs, or where nothing can be written, are refused before any fit: exit code 2, a message
/// naming the option and the user's path, no stack trace, and every input file as it was (compared by hash).
/// </summary>
[TestClass]
public sealed class OutputGuardTests
{
    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Runs the command and checks the refusal; returns the output.</summary>
    private static string Refused(string[] arguments, string option, params string[] inputs)
    {
        var before = inputs.Select(Hash).ToList();
        var (exitCode, output) = Cli.Run(arguments);
        Assert.AreEqual(2, exitCode, output);
        StringAssert.Contains(output, option + ":", output);
        Assert.IsFalse(output.Contains("   at ", StringComparison.Ordinal), "no stack trace: " + output);
        Assert.IsFalse(output.Contains("step", StringComparison.OrdinalIgnoreCase) && output.Contains("loss", StringComparison.OrdinalIgnoreCase),
            "nothing was fitted: " + output);
        CollectionAssert.AreEqual(before, inputs.Select(Hash).ToList(), "every input file is unchanged");
        return output;
    }

    [TestMethod]
    public void Complete_OutEqualToTheMaskOrTheTruth_IsRefused()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        string mask = folder.MaskFile("mask.png");
        string truth = folder.Picture("clean.png", variant: 1);

        StringAssert.Contains(Refused(["complete", image, "--mask", mask, "--out", mask, .. Cli.Tiny], "--out", image, mask), "--mask");
        StringAssert.Contains(Refused(["complete", image, "--mask", mask, "--truth", truth, "--out", truth, .. Cli.Tiny], "--out", image, mask, truth), "--truth");
    }

    [TestMethod]
    public void Complete_OutASymlinkToTheImage_IsRefused()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        string link = folder.File("link.png");
        File.CreateSymbolicLink(link, image);
        StringAssert.Contains(Refused(["complete", image, "--mask", "random:0.3", "--out", link, .. Cli.Tiny], "--out", image), "IMAGE");

        // A symlinked folder on the way counts too.
        string linkedFolder = folder.File("linked");
        Directory.CreateSymbolicLink(linkedFolder, folder.Path);
        Refused(["complete", image, "--mask", "random:0.3", "--out", Path.Combine(linkedFolder, "photo.png"), .. Cli.Tiny], "--out", image);
    }

    [TestMethod]
    public void Complete_ReportIntoTheFolderOfItsMask_IsRefused()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("in/photo.png");
        string mask = folder.MaskFile("masks/mask.png");
        // The report writes mask.png into its folder: that would be the user's mask.
        string output = Refused(["complete", image, "--mask", mask, "--out", folder.File("out/photo.png"), "--report", Path.GetDirectoryName(mask)!, .. Cli.Tiny],
            "--report", image, mask);
        StringAssert.Contains(output, "--mask");
    }

    [TestMethod]
    public void Batch_OutEqualToTheMasksFolder_OrASymlinkToInput_IsRefused()
    {
        using var folder = new TestFolder();
        string a = folder.Picture("in/a.png");
        string b = folder.Picture("in/b.png", variant: 1);
        string maskA = folder.Picture("masks/a.png", variant: 2);
        string masks = Path.GetDirectoryName(maskA)!;
        string input = Path.GetDirectoryName(a)!;

        StringAssert.Contains(Refused(["batch", input, "--masks", masks, "--out", masks, "--overwrite", .. Cli.Tiny], "--out", a, b, maskA), "--masks");
        string link = folder.File("out-link");
        Directory.CreateSymbolicLink(link, input);
        StringAssert.Contains(Refused(["batch", input, "--mask", "random:0.3", "--out", link, "--overwrite", .. Cli.Tiny], "--out", a, b), "INPUT");
    }

    [TestMethod]
    public void OutputsWhereNothingCanBeWritten_AreRefusedBeforeTheFit()
    {
        using var folder = new TestFolder();
        string image = folder.Picture("photo.png");
        string aFile = folder.File("not-a-folder.txt");
        File.WriteAllText(aFile, "x");

        string output = Refused(["complete", image, "--mask", "random:0.3", "--out", Path.Combine(aFile, "out.png"), .. Cli.Tiny], "--out", image);
        StringAssert.Contains(output, aFile);
        Refused(["complete", image, "--mask", "random:0.3", "--out", folder.File("out.png"), "--report", aFile, .. Cli.Tiny], "--report", image);
        Refused(["compare", image, "--mask", "random:0.3", "--methods", "none", "--out", aFile, .. Cli.Tiny], "--out", image);
        Refused(["batch", Path.GetDirectoryName(image)!, "--mask", "random:0.3", "--out", aFile, .. Cli.Tiny], "--out", image);
        Refused(["demo", "--out", Path.Combine(aFile, "demo"), .. Cli.Tiny], "--out");
    }
}
