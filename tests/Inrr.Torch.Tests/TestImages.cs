using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;

namespace Inrr.Torch.Tests;

/// <summary>Small inputs and fast options shared by the fitter tests.</summary>
internal static class TestImages
{
    public static ImageData Small(int size = 24, int channels = 1) => SyntheticImage.Facade(size, size, channels);

    public static Mask HalfRandom(int size = 24, int seed = 1) => MaskFactory.Random(size, size, 0.5, seed);

    /// <summary>A small, quick SIREN: the point of the tests that use it is the loop, not the quality.</summary>
    public static SirenOptions SmallSiren => new() { HiddenWidth = 16, HiddenLayers = 2, LearningRate = 1e-3 };

    /// <summary>Fast with <see cref="SmallSiren"/>, a small INRR and every step on the full grid.</summary>
    public static CompletionOptions Quick(int steps = 10) => CompletionOptions.Fast with
    {
        Steps = steps,
        Representation = SmallSiren,
        Regularizers = [new Regularizers.InrrOptions { Rank = 8, Width = 8, Layers = 2 }],
        LogInterval = 5,
        Threads = 1,
        CoarseFraction = 0, // every step on the full grid, so losses compare across steps
    };
}
