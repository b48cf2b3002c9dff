using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>Parameter initialisation from an explicit generator, so a seed fixes a fit regardless of other torch users.</summary>
internal static class Initialization
{
    /// <summary>Fills weight and bias of <paramref name="layer"/> uniformly in [-bound, bound].</summary>
    public static void Uniform(Linear layer, double bound, Generator generator)
    {
        using var _ = no_grad();
        FillUniform(layer.weight!, bound, generator);
        if (layer.bias is { } bias) FillUniform(bias, bound, generator);
    }

    /// <summary>Fills <paramref name="tensor"/> uniformly in [-bound, bound].</summary>
    public static void FillUniform(Tensor tensor, double bound, Generator generator)
    {
        using var _ = no_grad();
        using var r = rand(tensor.shape, dtype: tensor.dtype, generator: generator);
        // Held Scalars: an implicit conversion would leave them to the garbage collector (see TensorArithmetic).
        using Scalar width = (2 * bound).ToScalar(), offset = bound.ToScalar();
        tensor.copy_(r.mul_(width).sub_(offset)); // sub_ takes no alpha
    }

    /// <summary>Fills <paramref name="tensor"/> with N(0, std^2) values.</summary>
    public static void FillNormal(Tensor tensor, double std, Generator generator)
    {
        using var _ = no_grad();
        using var r = randn(tensor.shape, dtype: tensor.dtype, generator: generator);
        using var scale = std.ToScalar();
        tensor.copy_(r.mul_(scale));
    }
}
