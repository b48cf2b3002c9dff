using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>ReLU MLP on random Fourier features of the pixel coordinates.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FourierFeatureOptions : RepresentationOptions
{
    /// <summary>Number of random frequencies (the encoding has twice as many features). Default 256.</summary>
    public int Features { get; init; } = 256;

    /// <summary>Standard deviation of the frequencies: higher fits finer detail and noise. Default 10.</summary>
    public double Sigma { get; init; } = 10;

    /// <summary>Width of each ReLU layer. Default 256.</summary>
    public int HiddenWidth { get; init; } = 256;

    /// <summary>Number of ReLU layers. Default 3.</summary>
    public int HiddenLayers { get; init; } = 3;

    /// <summary>Output activation. Default <see cref="OutputActivation.Sigmoid"/>.</summary>
    public OutputActivation Activation { get; init; } = OutputActivation.Sigmoid;

    /// <summary>Adam learning rate. Default 1e-3 (ReLU networks tolerate a larger step than SIREN).</summary>
    public override double LearningRate { get; init; } = 1e-3;

    /// <inheritdoc />
    public override ImageRepresentation Create(int channels, int height, int width, Generator generator)
    {
        Validate();
        var net = new FourierFeatureMlp(2, Features, Sigma, HiddenWidth, HiddenLayers, channels, Activation, generator);
        return new CoordinateRepresentation(net, channels, height, width);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Positive(Features, nameof(Features));
        OptionChecks.Positive(Sigma, nameof(Sigma));
        OptionChecks.Positive(HiddenWidth, nameof(HiddenWidth));
        OptionChecks.Positive(HiddenLayers, nameof(HiddenLayers));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
    }

    /// <inheritdoc />
    public override string Describe() => $"Fourier features {Features} (sigma {Sigma}) + ReLU {HiddenLayers}x{HiddenWidth}, lr {LearningRate:g3}";

    internal override (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width) =>
        (2.0 * Features + HiddenLayers * (double)HiddenWidth,
         2.0 * Features + 2.0 * Features * HiddenWidth + (HiddenLayers - 1.0) * HiddenWidth * HiddenWidth + (double)HiddenWidth * channels);
}
