using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// What represents the image and how it is optimised. Options are plain data (they serialise to JSON, which is
/// how ML.NET models and reports keep them); <see cref="Create(ImageData, Mask, Generator)"/> builds the trainable module for one image.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SirenOptions), "siren")]
[JsonDerivedType(typeof(FourierFeatureOptions), "fourier")]
[JsonDerivedType(typeof(DeepMatrixFactorizationOptions), "dmf")]
[JsonDerivedType(typeof(InrZOptions), "inrz")]
public abstract record RepresentationOptions
{
    /// <summary>Adam learning rate for the representation's parameters.</summary>
    public abstract double LearningRate { get; init; }

    /// <summary>Builds the representation of a <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/> image.</summary>
    public abstract ImageRepresentation Create(int channels, int height, int width, Generator generator);

    /// <summary>
    /// Builds the representation of <paramref name="observed"/>, which it may read where <paramref name="known"/> is 1
    /// (the pixels the data term uses). Only INR-Z reads them; the others need the size alone.
    /// </summary>
    public virtual ImageRepresentation Create(ImageData observed, Mask known, Generator generator) =>
        Create(observed.Channels, observed.Height, observed.Width, generator);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public abstract void Validate();

    /// <summary>A short human-readable description, e.g. for reports.</summary>
    public abstract string Describe();

    /// <summary>Whether the representation can be sampled on a coarser grid (coarse-to-fine fitting).</summary>
    [JsonIgnore]
    public virtual bool IsResolutionFree => true;

    /// <summary>
    /// What one step costs per pixel of a <paramref name="height"/> x <paramref name="width"/> x <paramref name="channels"/>
    /// image: the activation units kept for backpropagation (memory) and the multiply-adds (time). Feeds
    /// <see cref="Fitting.FitEstimate"/>.
    /// </summary>
    internal abstract (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width);
}

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

/// <summary>Deep matrix factorisation X = W_1 ... W_d.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeepMatrixFactorizationOptions : RepresentationOptions
{
    /// <summary>Number of factors d. Default 3.</summary>
    public int Depth { get; init; } = 3;

    /// <summary>Inner dimension k; 0 = max(height, width) (full rank possible, low rank comes from the dynamics). Default 0.</summary>
    public int InnerSize { get; init; }

    /// <summary>Standard deviation of the initial entries: small, because the implicit low-rank bias needs it. Default 1e-3.</summary>
    public double InitStd { get; init; } = 1e-3;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public override double LearningRate { get; init; } = 1e-3;

    /// <inheritdoc />
    public override ImageRepresentation Create(int channels, int height, int width, Generator generator)
    {
        Validate();
        int inner = InnerSize > 0 ? InnerSize : Math.Max(height, width);
        return new DeepMatrixFactorization(channels, height, width, Depth, inner, InitStd, generator);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        if (Depth < 2) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "Depth must be at least 2.");
        if (InnerSize < 0) throw new ArgumentOutOfRangeException(nameof(InnerSize), InnerSize, "InnerSize must be 0 (automatic) or positive.");
        OptionChecks.Positive(InitStd, nameof(InitStd));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsResolutionFree => false;

    /// <inheritdoc />
    public override string Describe() => $"DMF depth {Depth}, init std {InitStd:g2}, lr {LearningRate:g3}";

    // A chain of Depth square factors per channel: a few image-sized products kept, H (or W) multiply-adds per entry.
    internal override (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width) =>
        (Depth * 2.0 * channels, Depth * (double)Math.Max(height, width) * channels);
}

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
