using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// Deep matrix factorisation (Arora et al. 2019): X = W_1 W_2 ... W_d per channel, linear, from a small
/// initialisation. Gradient descent on a deep product is implicitly biased to low rank, which is what fills the
/// holes. No INR is involved: it shows INRR is a regulariser for any representation of the image matrix.
/// </summary>
public sealed class DeepMatrixFactorization : ImageRepresentation
{
    private readonly ParameterList factors;

    /// <summary>
    /// Creates d factors of shapes [C, H, k], [C, k, k], ..., [C, k, W] with N(0, initStd^2) entries.
    /// </summary>
    public DeepMatrixFactorization(int channels, int height, int width, int depth, int innerSize, double initStd, Generator generator)
        : base(nameof(DeepMatrixFactorization), channels, height, width)
    {
        if (depth < 2) throw new ArgumentOutOfRangeException(nameof(depth), depth, "A deep factorisation needs at least 2 factors.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(innerSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initStd);
        factors = new ParameterList();
        for (int i = 0; i < depth; i++)
        {
            long rows = i == 0 ? height : innerSize;
            long cols = i == depth - 1 ? width : innerSize;
            var p = new Parameter(empty(channels, rows, cols));
            Initialization.FillNormal(p, initStd, generator);
            factors.Add(p);
        }
        RegisterComponents();
    }

    /// <summary>Number of factors d.</summary>
    public int Depth => factors.Count;

    /// <inheritdoc />
    public override Tensor Render()
    {
        Tensor x = factors[0];
        for (int i = 1; i < factors.Count; i++) x = x.bmm(factors[i]);
        return x;
    }
}
