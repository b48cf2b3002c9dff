using Inrr.Torch.Fitting;
using Inrr.Torch.Regularizers;

namespace Inrr.Torch.Tests;

/// <summary>INRR's weights are normalised to the picture's size.</summary>
[TestClass]
public sealed class InrrWeightTests
{
    [TestMethod]
    public void InrrWeights_MeanTheSameAtEverySize()
    {
        var options = new InrrOptions();

        Assert.AreEqual((1.0, 1.0), options.SizeScale(256, 256), "the paper's weight is the paper's at 256 x 256");
        Assert.AreEqual((8.0, 8.0), options.SizeScale(128, 128), "the energy is 8x smaller at half the side");
        var (rows, columns) = options.SizeScale(128, 256);
        Assert.AreEqual(256.0 * 256 * 256 / (128.0 * 128 * 256), rows);
        Assert.AreEqual(256.0 * 256 * 256 / (256.0 * 256 * 128), columns);
        Assert.AreEqual((1.0, 1.0), (options with { ReferenceSide = 0 }).SizeScale(64, 64), "0 = the weights as given (the Paper preset)");
        Assert.AreEqual(0, CompletionOptions.Paper.Regularizers.OfType<InrrOptions>().Single().ReferenceSide);
    }
}
