using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>One SIREN layer: <c>sin(w0 * (W x + b))</c>.</summary>
internal sealed class SineLayer : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;

    // Held for the layer's life: an implicit double-to-Scalar conversion per step would leave a native object to the
    // garbage collector, which may free it while the multiplication still reads it.
    private readonly Scalar omegaScalar;

    /// <summary>
    /// Creates the layer with SIREN's initialisation: W and b uniform in [-1/d_in, 1/d_in] for the first layer
    /// (so the sines span many periods over [-1, 1]), in [-sqrt(6/d_in)/w0, sqrt(6/d_in)/w0] otherwise (so
    /// activations keep their distribution through depth).
    /// </summary>
    public SineLayer(int inFeatures, int outFeatures, double omega, bool isFirst, Generator generator)
        : base(nameof(SineLayer))
    {
        Omega = omega;
        omegaScalar = omega.ToScalar();
        linear = nn.Linear(inFeatures, outFeatures);
        double bound = isFirst ? 1.0 / inFeatures : Math.Sqrt(6.0 / inFeatures) / omega;
        Initialization.Uniform(linear, bound, generator);
        RegisterComponents();
    }

    /// <summary>The affine map W x + b inside the sine (read by <see cref="BatchedSiren"/>).</summary>
    internal Linear Linear => linear;

    /// <summary>The frequency factor w0.</summary>
    public double Omega { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => sin(omegaScalar * linear.forward(x));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) omegaScalar.Dispose();
        base.Dispose(disposing);
    }
}
