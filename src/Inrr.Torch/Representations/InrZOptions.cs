using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// The paper's INR-Z: a SIREN whose input is the pixel's coordinate and its observed k x k neighbourhood (values and
/// observed flags, the pixel itself left out; see <see cref="NeighbourhoodRepresentation"/>). <see cref="Network"/> is
/// the SIREN (default: the paper's); renders only its own size (no coarse stage).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InrZOptions : RepresentationOptions
{
    /// <summary>Side of the neighbourhood, odd, at least 3. Default 3 (the 8 neighbours).</summary>
    public int Neighbourhood { get; init; } = 3;

    /// <summary>The SIREN on coordinate + neighbourhood: width, depth, w0s, activation and learning rate. Default: the paper's SIREN.</summary>
    public SirenOptions Network { get; init; } = new();

    /// <summary>The network's learning rate (<see cref="Network"/>'s, where JSON keeps it).</summary>
    [JsonIgnore]
    public override double LearningRate
    {
        get => Network.LearningRate;
        init => Network = Network with { LearningRate = value };
    }

    /// <summary>Not available: INR-Z reads the observed pixels; use <see cref="Create(ImageData, Mask, Generator)"/>.</summary>
    public override ImageRepresentation Create(int channels, int height, int width, Generator generator) =>
        throw new NotSupportedException("INR-Z reads the observed pixels: create it with Create(observed, known, generator).");

    /// <inheritdoc />
    public override ImageRepresentation Create(ImageData observed, Mask known, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(known);
        Validate();
        var n = Network;
        int inputs = NeighbourhoodRepresentation.InputFeatures(observed.Channels, Neighbourhood);
        var net = new Siren(inputs, n.HiddenWidth, n.HiddenLayers, observed.Channels, n.FirstOmega, n.HiddenOmega, n.Activation, generator);
        return new NeighbourhoodRepresentation(net, observed, known, Neighbourhood);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        if (Neighbourhood < 3 || Neighbourhood % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(Neighbourhood), Neighbourhood, "Neighbourhood must be odd and at least 3.");
        ArgumentNullException.ThrowIfNull(Network, nameof(Network));
        Network.Validate();
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsResolutionFree => false;

    /// <inheritdoc />
    public override string Describe() =>
        $"INR-Z {Neighbourhood}x{Neighbourhood} ({Network.Describe()})";

    internal override (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width)
    {
        var (units, multiplyAdds) = Network.CostPerPixel(channels, height, width);
        int inputs = NeighbourhoodRepresentation.InputFeatures(channels, Neighbourhood);
        return (units + inputs, multiplyAdds + (inputs - 2.0) * Network.HiddenWidth); // the first layer reads z as well as (x, y)
    }
}
