using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// A SIREN coordinate network (Sitzmann et al. 2020): a stack of sine layers of one width,
/// then a linear layer and an optional output activation.
/// Used both as the image INR (2 -> 1 or 3 values) and as INRR's tiny INR over a 1-D coordinate.
/// </summary>
public sealed class Siren : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<SineLayer> layers;
    private readonly Linear output;
    private readonly OutputActivation activation;

    /// <summary>Creates the network and initialises it from <paramref name="generator"/>.</summary>
    public Siren(int inFeatures, int hiddenWidth, int hiddenLayers, int outFeatures,
        double firstOmega, double hiddenOmega, OutputActivation activation, Generator generator)
        : base(nameof(Siren))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        layers = new ModuleList<SineLayer>();
        for (int i = 0; i < hiddenLayers; i++)
        {
            bool first = i == 0;
            layers.Add(new SineLayer(first ? inFeatures : hiddenWidth, hiddenWidth,
                first ? firstOmega : hiddenOmega, first, generator));
        }
        output = nn.Linear(hiddenWidth, outFeatures);
        // The last layer follows the hidden-layer rule with the hidden w0, as in the reference.
        Initialization.Uniform(output, Math.Sqrt(6.0 / hiddenWidth) / hiddenOmega, generator);
        this.activation = activation;
        RegisterComponents();
    }

    /// <summary>The final linear layer (read by <see cref="BatchedSiren"/>).</summary>
    internal Linear Output => output;

    /// <summary>The output activation.</summary>
    internal OutputActivation Activation => activation;

    /// <summary>The sine layers, first to last.</summary>
    internal IReadOnlyList<SineLayer> Layers => layers.ToList();

    /// <inheritdoc />
    public override Tensor forward(Tensor coordinates)
    {
        // Intermediates are released by the caller's dispose scope (every training step has one).
        Tensor h = coordinates;
        foreach (var layer in layers) h = layer.forward(h);
        return activation.Apply(output.forward(h));
    }
}
