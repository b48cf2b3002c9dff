using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

/// <summary>A batched fit gives each picture what its own fit gives.</summary>
[TestClass]
public sealed class BatchFitTests
{
    private static readonly SirenOptions SmallSiren = TestImages.SmallSiren;

    private static List<BatchPicture> ThreePictures(int size = 20)
    {
        var facade = SyntheticImage.Facade(size, size, 1);
        var flipped = new ImageData(1, size, size, Enumerable.Range(0, size * size).Select(i => facade.Pixels[(size - 1 - i / size) * size + i % size]).ToArray());
        var noise = HandMadeImages.RandomFloat(1, size, size, seed: 5);
        return
        [
            new(facade, MaskFactory.Random(size, size, 0.4, seed: 1), facade),
            new(flipped, MaskFactory.Text(size, size, "AB"), flipped),
            new(noise, MaskFactory.Random(size, size, 0.6, seed: 2), noise),
        ];
    }

    public static IEnumerable<object[]> Variants =>
    [
        ["INRR alone (coarse stage, cosine)", CompletionOptions.Fast with { Steps = 12, LogInterval = 3, Representation = SmallSiren }],
        ["no regulariser", CompletionOptions.Fast with { Steps = 10, LogInterval = 5, Representation = SmallSiren, Regularizers = [] }],
        ["the default (guide, held-out blend, prior)", CompletionOptions.Guided with { Steps = 12, ReferencePixels = 0, LogInterval = 4, Representation = SmallSiren }],
        ["early stopping and averaging", CompletionOptions.Guided with
        {
            Steps = 30, ReferencePixels = 0, LogInterval = 5, Representation = SmallSiren with { LearningRate = 2e-2 }, EarlyStoppingPatience = 2,
            OutputAveraging = 0.5, CoarseFraction = 0, RefitSteps = 0, // a batch refits only at its end (Unsupported)
        }],
    ];

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void EachPicture_GetsWhatItsOwnFitGives(string variant, CompletionOptions options)
    {
        options = options with { Threads = 1 };
        var pictures = ThreePictures();
        var batched = new BatchCompletionFitter(options).Fit(pictures);
        Assert.AreEqual(3, batched.Count);
        for (int b = 0; b < pictures.Count; b++)
        {
            var own = new CompletionFitter(options).Fit(pictures[b].Image, pictures[b].Mask, pictures[b].Truth);
            var got = batched[b];
            Assert.AreEqual(own.StepsRun, got.StepsRun, $"{variant}, picture {b}: steps");
            Assert.AreEqual(own.StopReason, got.StopReason, $"{variant}, picture {b}");
            Assert.AreEqual(own.BestStep, got.BestStep, $"{variant}, picture {b}: best held-out step");
            Assert.AreEqual(own.History.Count, got.History.Count, $"{variant}, picture {b}: logged steps");
            for (int i = 0; i < own.History.Count; i++)
                Assert.AreEqual(own.History[i].Loss, got.History[i].Loss, 1e-5 + 1e-4 * Math.Abs(own.History[i].Loss), $"{variant}, picture {b}, entry {i}: loss");
            for (int i = 0; i < own.Completed.Pixels.Length; i++)
                Assert.AreEqual(own.Completed.Pixels[i], got.Completed.Pixels[i], 1e-4, $"{variant}, picture {b}, pixel {i}");
            Assert.AreEqual(own.Blend is null, got.Blend is null);
            if (own.Blend is { } blend) Assert.AreEqual(blend.Network, got.Blend!.Network, 1e-3, $"{variant}, picture {b}: blend weight");
            Assert.AreEqual(own.Adjacency.Count, got.Adjacency.Count);
        }
    }

    [TestMethod]
    public void ABatch_RefusesMixedSizes_AndOptionsItCannotBatch_NamingThem()
    {
        var pictures = ThreePictures();
        pictures.Add(new BatchPicture(SyntheticImage.Facade(24, 24, 1), MaskFactory.Random(24, 24, 0.5, seed: 1)));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new BatchCompletionFitter(CompletionOptions.Fast with { Steps = 2 }).Fit(pictures));
        StringAssert.Contains(e.Message, "Picture 3 is 1x24x24 but picture 0 is 1x20x20");
        var fourier = CompletionOptions.Fast with { Representation = new FourierFeatureOptions() };
        StringAssert.Contains(BatchCompletionFitter.Unsupported(fourier), "batched fits take SIREN");
        Assert.ThrowsExactly<ArgumentException>(() => new BatchCompletionFitter(fourier));
        Assert.IsNull(BatchCompletionFitter.Unsupported(CompletionOptions.Guided));
        StringAssert.Contains(BatchCompletionFitter.Unsupported(CompletionOptions.Guided with { EarlyStoppingPatience = 5 }), "early stopping with refit steps");
        Assert.IsNull(BatchCompletionFitter.Unsupported(CompletionOptions.Guided with { EarlyStoppingPatience = 5, RefitSteps = 0 }));
        Assert.IsNull(BatchCompletionFitter.Unsupported(CompletionOptions.Paper));
    }

    /// <summary>A cancelled batch loses nothing: every picture's fit so far comes back, as a cancelled single fit gives it.</summary>
    [TestMethod]
    public void ACancelledBatch_GivesEveryPicturesPartialResult()
    {
        var options = CompletionOptions.Fast with { Steps = 20, LogInterval = 1, Representation = SmallSiren, Threads = 1 };
        var pictures = ThreePictures();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<BatchFitProgress>(p => { if (p.Progress.Step == 6) cancel.Cancel(); });
        var e = Assert.ThrowsExactly<FitCancelledException>(() => new BatchCompletionFitter(options).Fit(pictures, progress, cancel.Token));
        Assert.AreEqual(3, e.PartialResults.Count);
        using var cancelSingle = new CancellationTokenSource();
        var single = Assert.ThrowsExactly<FitCancelledException>(() => new CompletionFitter(options).Fit(pictures[1].Image, pictures[1].Mask, pictures[1].Truth,
            new SynchronousProgress<FitProgress>(p => { if (p.Step == 6) cancelSingle.Cancel(); }), cancelSingle.Token)).PartialResult;
        foreach (var partial in e.PartialResults)
        {
            Assert.AreEqual(StopReason.Cancelled, partial.StopReason);
            Assert.AreEqual(7, partial.StepsRun);
        }
        Assert.AreSame(e.PartialResults[0], e.PartialResult);
        Assert.AreEqual(single.History.Count, e.PartialResults[1].History.Count);
        for (int i = 0; i < single.Completed.Pixels.Length; i++)
            Assert.AreEqual(single.Completed.Pixels[i], e.PartialResults[1].Completed.Pixels[i], 1e-4, $"pixel {i}");
    }
}
