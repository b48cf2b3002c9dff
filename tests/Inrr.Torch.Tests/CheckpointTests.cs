using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>A fit that was killed or cancelled goes on from its checkpoint to the numbers of a fit never interrupted.</summary>
[TestClass]
public sealed class CheckpointTests
{
    private static readonly SirenOptions SmallSiren = TestImages.SmallSiren;

    public static IEnumerable<object[]> Variants =>
    [
        ["the default (coarse stage, cosine, prior, held-out blend)", CompletionOptions.Guided with { Steps = 16, ReferencePixels = 0, LogInterval = 3, Representation = SmallSiren }],
        ["the paper's schedule (constant rate, INRR)", CompletionOptions.Paper with { Steps = 12, LogInterval = 2, Representation = SmallSiren }],
        ["early stopping and averaging", CompletionOptions.Guided with
        {
            Steps = 40, ReferencePixels = 0, LogInterval = 5, Representation = SmallSiren with { LearningRate = 2e-2 }, EarlyStoppingPatience = 3,
            OutputAveraging = 0.5, CoarseFraction = 0,
        }],
    ];

    private static (ImageData Truth, Mask Mask) Picture()
    {
        var truth = SyntheticImage.Facade(20, 20, 1);
        return (truth, MaskFactory.Random(20, 20, 0.4, seed: 1));
    }

    /// <summary>What the fit gives without interruption and with a crash after <c>crashAt</c> logged steps, resumed.</summary>
    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void AKilledFit_ResumesFromItsLastCheckpoint_ToTheSameNumbers(string variant, CompletionOptions options)
    {
        options = options with { Threads = 1 };
        var (truth, mask) = Picture();
        var whole = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);

        using var folder = new TemporaryFolder();
        var checkpoint = new FitCheckpoint(Path.Combine(folder.Path, "fit.checkpoint"), Interval: 4);
        // The progress callback throws half-way: the fit dies between two checkpoints, as a killed process would.
        int crashAfter = whole.StepsRun / 2 + 1, crashedAt = -1;
        var crash = new SynchronousProgress<FitProgress>(p => { if (p.Step >= crashAfter) throw new IOException($"killed at {crashedAt = p.Step}"); });
        Assert.ThrowsExactly<IOException>(() => new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth, crash, checkpoint: checkpoint));
        int? resumeStep = FitCheckpoint.ResumeStep(checkpoint.Path);
        Assert.IsNotNull(resumeStep, $"{variant}: a checkpoint was written before the crash");
        Assert.IsTrue(resumeStep > 0 && resumeStep <= crashedAt && resumeStep % 4 == 0, $"{variant}: resumes at {resumeStep}");

        var reported = new List<int>();
        var resumed = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth, new SynchronousProgress<FitProgress>(p => reported.Add(p.Step)), checkpoint: checkpoint);
        Assert.IsTrue(reported.Count > 0 && reported.All(s => s >= resumeStep), $"{variant}: only the steps after the resume are run and reported");
        AssertSameFit(whole, resumed, variant);

        // A finished fit's checkpoint gives its result again without fitting.
        var again = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth, new SynchronousProgress<FitProgress>(_ => Assert.Fail("no step should run")), checkpoint: checkpoint);
        AssertSameFit(whole, again, $"{variant}, finished checkpoint");
    }

    [TestMethod]
    public void ACancelledFit_SavesWhereItStopped_AndGoesOnFromThere()
    {
        var options = CompletionOptions.Guided with { Steps = 14, ReferencePixels = 0, LogInterval = 1, Representation = SmallSiren, Threads = 1 };
        var (truth, mask) = Picture();
        var whole = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth);
        using var folder = new TemporaryFolder();
        var checkpoint = new FitCheckpoint(Path.Combine(folder.Path, "fit.checkpoint"), Interval: 100);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<FitProgress>(p => { if (p.Step == 6) cancel.Cancel(); });
        var e = Assert.ThrowsExactly<FitCancelledException>(() =>
            new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth, progress, cancel.Token, checkpoint));
        Assert.AreEqual(7, e.PartialResult.StepsRun);
        Assert.AreEqual(7, FitCheckpoint.ResumeStep(checkpoint.Path), "the cancelled fit saved its last finished step, not the last interval");
        AssertSameFit(whole, new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth, checkpoint: checkpoint), "resumed after a cancel");
    }

    [TestMethod]
    public void ACheckpointOfAnotherFit_OrADamagedOne_IsRefused_NamingTheFile()
    {
        var options = CompletionOptions.Fast with { Steps = 4, Representation = SmallSiren, Threads = 1 };
        var (truth, mask) = Picture();
        using var folder = new TemporaryFolder();
        var checkpoint = new FitCheckpoint(Path.Combine(folder.Path, "fit.checkpoint"));
        new CompletionFitter(options).Fit(mask.Apply(truth), mask, checkpoint: checkpoint);

        var otherSeed = Assert.ThrowsExactly<FitCheckpointMismatchException>(() =>
            new CompletionFitter(options with { Seed = 1 }).Fit(mask.Apply(truth), mask, checkpoint: checkpoint));
        StringAssert.Contains(otherSeed.Message, checkpoint.Path);
        var otherMask = MaskFactory.Random(20, 20, 0.5, seed: 2);
        Assert.ThrowsExactly<FitCheckpointMismatchException>(() => new CompletionFitter(options).Fit(otherMask.Apply(truth), otherMask, checkpoint: checkpoint));
        // Threads change no number: the same fit on more threads may use the checkpoint.
        Assert.AreEqual(4, new CompletionFitter(options with { Threads = 2 }).Fit(mask.Apply(truth), mask, checkpoint: checkpoint).StepsRun);

        var bytes = File.ReadAllBytes(checkpoint.Path);
        File.WriteAllBytes(checkpoint.Path, bytes[..(bytes.Length / 2)]);
        var damaged = Assert.ThrowsExactly<InvalidDataException>(() => new CompletionFitter(options).Fit(mask.Apply(truth), mask, checkpoint: checkpoint));
        StringAssert.Contains(damaged.Message, checkpoint.Path);
        File.WriteAllText(checkpoint.Path, "not a checkpoint");
        Assert.ThrowsExactly<InvalidDataException>(() => FitCheckpoint.ResumeStep(checkpoint.Path));

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new CompletionFitter(options).Fit(mask.Apply(truth), mask, checkpoint: checkpoint with { Interval = 0 }));
        Assert.IsNull(FitCheckpoint.ResumeStep(Path.Combine(folder.Path, "none")));
    }

    private static void AssertSameFit(CompletionResult expected, CompletionResult actual, string what)
    {
        Assert.AreEqual(expected.StepsRun, actual.StepsRun, $"{what}: steps");
        Assert.AreEqual(expected.StopReason, actual.StopReason, what);
        Assert.AreEqual(expected.BestStep, actual.BestStep, $"{what}: best step");
        Assert.AreEqual(expected.History.Count, actual.History.Count, $"{what}: logged steps");
        for (int i = 0; i < expected.History.Count; i++)
        {
            Assert.AreEqual(expected.History[i].Step, actual.History[i].Step, $"{what}, entry {i}: step");
            Assert.AreEqual(expected.History[i].Loss, actual.History[i].Loss, $"{what}, entry {i}: loss");
            Assert.AreEqual(expected.History[i].Metrics, actual.History[i].Metrics, $"{what}, entry {i}: metrics");
        }
        CollectionAssert.AreEqual(expected.Completed.Pixels, actual.Completed.Pixels, $"{what}: completed pixels");
        CollectionAssert.AreEqual(expected.RawOutput.Pixels, actual.RawOutput.Pixels, $"{what}: raw output");
        Assert.AreEqual(expected.Blend, actual.Blend, $"{what}: blend");
    }
}
