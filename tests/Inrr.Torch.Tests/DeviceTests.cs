using Inrr.Torch.Fitting;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Inrr.Torch.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Tests;

/// <summary>
/// Devices: every module takes all its tensors along when moved, a device that is not there is refused by name, and
/// where CUDA is available a fit there matches the CPU fit. A move to float64 runs the same code in TorchSharp
/// (Module._toEpilog) as a move to a GPU, so this CPU machine checks that nothing stays behind.
/// </summary>
[TestClass]
public sealed class DeviceTests
{
    private static readonly CompletionOptions Small = CompletionOptions.Fast with
    {
        Steps = 6, LogInterval = 2, Representation = TestImages.SmallSiren,
    };

    public static IEnumerable<object[]> Representations =>
    [
        [new SirenOptions { HiddenWidth = 8, HiddenLayers = 2 }],
        [new FourierFeatureOptions { Features = 8, HiddenWidth = 8, HiddenLayers = 1 }],
        [new DeepMatrixFactorizationOptions { Depth = 2 }],
    ];

    [TestMethod]
    [DynamicData(nameof(Representations))]
    public void MovingARepresentation_TakesEveryTensorAlong(RepresentationOptions options)
    {
        using var g = new Generator(0);
        using var representation = options.Create(1, 6, 5, g);
        representation.to(ScalarType.Float64);
        using var full = representation.Render();
        Assert.AreEqual(ScalarType.Float64, full.dtype);
        if (!representation.IsResolutionFree) return;
        using var coarse = representation.Render(3, 3); // a grid made after the move follows it
        Assert.AreEqual(ScalarType.Float64, coarse.dtype);
    }

    [TestMethod]
    public void MovingEveryRegulariser_TakesEveryTensorAlong()
    {
        using var g = new Generator(0);
        var image = HandMadeImages.RandomFloat(1, 6, 6, seed: 3);
        var mask = MaskFactory.Random(6, 6, 0.3, seed: 1);
        using var representation = new SirenOptions { HiddenWidth = 8, HiddenLayers = 2 }.Create(1, 6, 6, g);
        representation.to(ScalarType.Float64);
        var context = new RegularizerContext(image, mask, representation, g);
        RegularizerOptions[] all = [new InrrOptions { Rank = 4 }, new TotalVariationOptions(), new WeightDecayOptions(), new AirOptions(), new CosineDirichletOptions()];
        using var render = representation.Render();
        foreach (var options in all)
        {
            using var regularizer = options.Create(context);
            regularizer.to(ScalarType.Float64);
            using var loss = regularizer.Loss(render);
            Assert.AreEqual(ScalarType.Float64, loss.dtype, options.GetType().Name);
        }
    }

    [TestMethod]
    public void AMisspeltDevice_IsRefusedByValidation_NamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new CompletionFitter(Small with { Device = "gpu" }));
        Assert.AreEqual("Device", e.ParamName);
        StringAssert.Contains(e.Message, "cpu, cuda or cuda:N");
        Assert.IsTrue(TorchRuntime.IsDeviceName("CUDA:1"));
        Assert.IsFalse(TorchRuntime.IsDeviceName("cuda:-1"));
        Assert.IsFalse(TorchRuntime.IsDeviceName("cuda:"));
    }

    [TestMethod]
    public void ACudaFit_MatchesTheCpuFit_OrIsRefusedWhereThereIsNoCuda()
    {
        var truth = TestImages.Small(16);
        var mask = MaskFactory.Random(16, 16, 0.3, seed: 2);
        var cpu = new CompletionFitter(Small).Fit(truth, mask, truth);
        if (!cuda.is_available())
        {
            var e = Assert.Throws<DeviceUnavailableException>(() => new CompletionFitter(Small with { Device = "cuda" }).Fit(truth, mask));
            StringAssert.Contains(e.Message, "Device 'cuda': CUDA is not available");
            Assert.AreEqual("cuda", e.Device);
            return;
        }
        var gpu = new CompletionFitter(Small with { Device = "cuda" }).Fit(truth, mask, truth);
        Assert.AreEqual(cpu.Completed.Pixels.Length, gpu.Completed.Pixels.Length);
        for (int i = 0; i < cpu.Completed.Pixels.Length; i++)
            Assert.AreEqual(cpu.Completed.Pixels[i], gpu.Completed.Pixels[i], 1e-3, $"pixel {i}");
    }
}
