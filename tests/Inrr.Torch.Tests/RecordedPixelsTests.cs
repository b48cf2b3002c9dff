using System.Globalization;
using System.Text;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>
/// Every preset, denoising, INR-Z and a batched fit give the pixels, steps and losses recorded in <c>Recorded/</c>,
/// to the last bit: a change of the fitting code that is meant to keep the numbers (a refactoring) proves it here.
/// <c>INRR_RECORD=1</c> writes the files anew instead (only for a change that is meant to move the numbers; say so in
/// its commit).
/// </summary>
[TestClass]
public sealed class RecordedPixelsTests
{
    private const int Size = 24;

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Recorded");

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Recorded");

    private static bool Recording => Environment.GetEnvironmentVariable("INRR_RECORD") == "1";

    private static (ImageData Image, Mask Mask) Picture(int channels = 1, int seed = 1) =>
        (SyntheticImage.Facade(Size, Size, channels), MaskFactory.Random(Size, Size, 0.4, seed));

    public static IEnumerable<object[]> Single =>
    [
        ["guided", CompletionOptions.Guided with { Steps = 40, ReferencePixels = 0, LogInterval = 10 }, 1],
        ["guided-colour", CompletionOptions.Guided with { Steps = 24, ReferencePixels = 0, LogInterval = 8 }, 3],
        ["fast", CompletionOptions.Fast with { Steps = 30, LogInterval = 10 }, 1],
        ["paper", CompletionOptions.Paper with { Steps = 12, LogInterval = 4 }, 1],
        ["inrz", CompletionOptions.Fast with { Steps = 20, LogInterval = 5, Representation = new InrZOptions() }, 1],
        ["early-stopping-averaging", CompletionOptions.Guided with
        {
            Steps = 60, ReferencePixels = 0, LogInterval = 5, EarlyStoppingPatience = 3, OutputAveraging = 0.5, CoarseFraction = 0,
            Representation = TestImages.SmallSiren with { LearningRate = 2e-2 },
        }, 1],
    ];

    [TestMethod]
    [DynamicData(nameof(Single))]
    public void AFit_GivesTheRecordedNumbers(string name, CompletionOptions options, int channels)
    {
        var (image, mask) = Picture(channels);
        var result = new CompletionFitter(options with { Threads = 1 }).Fit(mask.Apply(image), mask, image);
        Check(name, result);
    }

    [TestMethod]
    public void Denoising_GivesTheRecordedNumbers()
    {
        var clean = SyntheticImage.Facade(Size, Size, 1);
        var noisy = GaussianNoise.Add(clean, 0.1, seed: 3);
        var result = new CompletionFitter(CompletionOptions.Fast with { Steps = 30, LogInterval = 10, HoldoutFraction = 0.1, Threads = 1 })
            .Denoise(noisy, clean);
        Check("denoise", result);
    }

    [TestMethod]
    [DataRow("batch-guided", "guided")]
    [DataRow("batch-fast", "fast")]
    public void ABatch_GivesTheRecordedNumbers(string name, string preset)
    {
        var options = (preset == "guided" ? CompletionOptions.Guided with { ReferencePixels = 0 } : CompletionOptions.Fast) with
        {
            Steps = 24, LogInterval = 8, Threads = 1,
        };
        var pictures = new[] { 1, 2 }.Select(seed =>
        {
            var (image, mask) = Picture(seed: seed);
            return new BatchPicture(mask.Apply(image), mask, image);
        }).ToList();
        var results = new BatchCompletionFitter(options).Fit(pictures);
        for (int b = 0; b < results.Count; b++) Check($"{name}-{b}", results[b]);
    }

    /// <summary>The numbers of a result that a refactoring must keep, as text: every float as its exact bits.</summary>
    private static string Describe(CompletionResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"steps {result.StepsRun} stop {result.StopReason} best {result.BestStep?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        foreach (var entry in result.History)
        {
            text.Append(CultureInfo.InvariantCulture, $"step {entry.Step} loss {Bits(entry.Loss)} data {Bits(entry.DataLoss)}");
            foreach (var (key, value) in entry.RegularizerLosses.OrderBy(p => p.Key, StringComparer.Ordinal))
                text.Append(CultureInfo.InvariantCulture, $" {key} {Bits(value)}");
            text.AppendLine();
        }
        if (result.Blend is { } blend)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"blend {Bits(blend.Network)} {Bits(blend.NavierStokes)} {Bits(blend.Telea)} {Bits(blend.FrequencySelective)} {Bits(blend.LowRank)}");
        text.AppendLine("completed " + string.Join(" ", result.Completed.Pixels.Select(p => BitConverter.SingleToInt32Bits(p).ToString("x8", CultureInfo.InvariantCulture))));
        text.AppendLine("raw " + string.Join(" ", result.RawOutput.Pixels.Select(p => BitConverter.SingleToInt32Bits(p).ToString("x8", CultureInfo.InvariantCulture))));
        return text.ToString();
    }

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    private static void Check(string name, CompletionResult result)
    {
        string got = Describe(result);
        if (Recording)
        {
            File.WriteAllText(Path.Combine(SourceFolder(), name + ".txt"), got);
            return;
        }
        string path = Path.Combine(Folder, name + ".txt");
        Assert.IsTrue(File.Exists(path), $"{path} is missing: record it with INRR_RECORD=1.");
        var expected = File.ReadAllLines(path);
        var actual = got.TrimEnd('\n').Split('\n');
        Assert.AreEqual(expected.Length, actual.Length, $"{name}: lines");
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], $"{name}: line {i + 1} differs from the recorded one");
    }
}
