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
    public TotalVariation(TotalVariationOptions options) : base("tv") => this.options = options;

    /// <inheritdoc />
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override Tensor Loss(Tensor image)
    {
        long h = image.shape[1], w = image.shape[2];
        if (h < 3 || w < 3) return zeros(1).sum(); // no interior pixel: nothing to penalise
        var center = image[.., 1..^1, 1..^1];
        var vertical = 2 * center - image[.., ..^2, 1..^1] - image[.., 2.., 1..^1];
        var horizontal = 2 * center - image[.., 1..^1, ..^2] - image[.., 1..^1, 2..];
        return options.Weight * (Norm(vertical) + Norm(horizontal)) / h;
    }

    private Tensor Norm(Tensor t) => options.P == 1
        ? t.abs().sum()
        // sqrt has an infinite slope at 0: the tiny offset keeps the gradient finite on a flat image.
        : (t.square().sum() + 1e-12).sqrt();
}
