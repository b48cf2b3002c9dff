using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>SIREN on the pixel grid. Defaults are the paper's: 5 sine layers of 256, w0 30 then 1, sigmoid output, Adam 1e-4.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SirenOptions : RepresentationOptions
{
    /// <summary>Width of each sine layer. Default 256.</summary>
    public int HiddenWidth { get; init; } = 256;

    /// <summary>Number of sine layers. Default 5.</summary>
    public int HiddenLayers { get; init; } = 5;

    /// <summary>w0 of the first layer: how many periods the first sines span over [-1, 1]. Default 30.</summary>
    public double FirstOmega { get; init; } = 30;

    /// <summary>w0 of the other layers. Default 1.</summary>
    public double HiddenOmega { get; init; } = 1;

    /// <summary>Output activation. Default <see cref="OutputActivation.Sigmoid"/>.</summary>
    public OutputActivation Activation { get; init; } = OutputActivation.Sigmoid;

    /// <inheritdoc />
    public override double LearningRate { get; init; } = 1e-4;

    /// <inheritdoc />
    public override ImageRepresentation Create(int channels, int height, int width, Generator generator)
    {
        Validate();
        var net = new Siren(2, HiddenWidth, HiddenLayers, channels, FirstOmega, HiddenOmega, Activation, generator);
        return new CoordinateRepresentation(net, channels, height, width);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Positive(HiddenWidth, nameof(HiddenWidth));
        OptionChecks.Positive(HiddenLayers, nameof(HiddenLayers));
        OptionChecks.Positive(FirstOmega, nameof(FirstOmega));
        OptionChecks.Positive(HiddenOmega, nameof(HiddenOmega));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
    }

    /// <inheritdoc />
    public override string Describe() => $"SIREN {HiddenLayers}x{HiddenWidth}, w0 {FirstOmega}/{HiddenOmega}, lr {LearningRate:g3}";

    internal override (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width) =>
        (HiddenLayers * (double)HiddenWidth, 2.0 * HiddenWidth + (HiddenLayers - 1.0) * HiddenWidth * HiddenWidth + (double)HiddenWidth * channels);
}
