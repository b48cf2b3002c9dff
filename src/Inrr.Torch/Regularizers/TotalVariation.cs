using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// Second-order total variation, as in the paper's baseline:
/// (||2c - up - down||_p + ||2c - left - right||_p) / H over interior pixels, summed over channels.
/// </summary>
public sealed class TotalVariation : Regularizer
{
    private readonly TotalVariationOptions options;

    /// <summary>Creates the penalty.</summary>
    public TotalVariation(TotalVariationOptions options) : base(TotalVariationOptions.KindName)
    {
        this.options = options;
        weight = Constant(options.Weight);
        two = Constant(2);
        epsilon = Constant(1e-12);
    }

    private readonly Scalar weight, two, epsilon; // held (see Regularizer.Constant)

    /// <inheritdoc />
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override Tensor Loss(Tensor image)
    {
        long h = image.shape[1], w = image.shape[2];
        if (h < 3 || w < 3) return zeros(1, dtype: image.dtype, device: image.device).sum(); // no interior pixel: nothing to penalise
        var center = image[.., 1..^1, 1..^1];
        var vertical = two * center - image[.., ..^2, 1..^1] - image[.., 2.., 1..^1];
        var horizontal = two * center - image[.., 1..^1, ..^2] - image[.., 1..^1, 2..];
        using var height = ((double)h).ToScalar(); // the grid's height: coarse and full steps differ
        return weight * Norm(vertical).Plus(Norm(horizontal)) / height;
    }

    private Tensor Norm(Tensor t) => options.P == 1
        ? t.abs().sum()
        // sqrt has an infinite slope at 0: the tiny offset keeps the gradient finite on a flat image.
        : t.Squared().sum().Plus(epsilon).sqrt();
}
