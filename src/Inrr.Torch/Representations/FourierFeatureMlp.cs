using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// A ReLU MLP on random Fourier features (Tancik et al. 2020):
/// gamma(v) = [cos(2 pi B v), sin(2 pi B v)] with B ~ N(0, sigma^2), then ReLU layers and a linear output.
/// Without the encoding a ReLU MLP cannot represent image detail (spectral bias).
/// </summary>
public sealed class FourierFeatureMlp : nn.Module<Tensor, Tensor>
{
    private Tensor frequencies; // not readonly: Module.to replaces the buffer (devices, types)
    private readonly ModuleList<Linear> hidden;
    private readonly Linear output;
    private readonly OutputActivation activation;

    /// <summary>Creates the network and initialises it (and B) from <paramref name="generator"/>.</summary>
    public FourierFeatureMlp(int inFeatures, int features, double sigma, int hiddenWidth, int hiddenLayers,
        int outFeatures, OutputActivation activation, Generator generator)
        : base(nameof(FourierFeatureMlp))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        frequencies = empty(inFeatures, features);
        Initialization.FillNormal(frequencies, sigma, generator);
        register_buffer(nameof(frequencies), frequencies);
        hidden = new ModuleList<Linear>();
        for (int i = 0; i < hiddenLayers; i++)
        {
            int fanIn = i == 0 ? 2 * features : hiddenWidth;
            var layer = nn.Linear(fanIn, hiddenWidth);
            Initialization.Uniform(layer, 1.0 / Math.Sqrt(fanIn), generator); // torch's default Linear range
            hidden.Add(layer);
        }
        output = nn.Linear(hiddenWidth, outFeatures);
        Initialization.Uniform(output, 1.0 / Math.Sqrt(hiddenWidth), generator);
        this.activation = activation;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor coordinates)
    {
        var projected = (2 * Math.PI) * coordinates.matmul(frequencies);
        Tensor h = cat(new[] { cos(projected), sin(projected) }, dim: 1);
        foreach (var layer in hidden) h = nn.functional.relu(layer.forward(h));
        return activation.Apply(output.forward(h));
    }
}
