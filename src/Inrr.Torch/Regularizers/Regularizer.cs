using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// A penalty on the rendered image (or on the representation) added to the data term. Regularisers that learn
/// (INRR, AIR) are modules with parameters and get their own Adam optimiser from the fitter.
/// </summary>
public abstract class Regularizer : nn.Module
{
    /// <summary>Creates a regulariser named <paramref name="name"/> (used in logs and the loss history).</summary>
    protected Regularizer(string name) : base(name) => Name = name;

    /// <summary>Short name for logs and the loss history, e.g. <c>inrr</c>.</summary>
    public string Name { get; }

    private readonly List<Scalar> _constants = [];

    /// <summary>
    /// A number for tensor arithmetic that lives as long as the regulariser. TorchSharp's implicit double-to-Scalar
    /// conversion (<c>weight * tensor</c>) makes a native object that only the garbage collector frees, possibly
    /// while native code still reads it (an intermittent "Unknown scalar type" crash); these are disposed with the
    /// regulariser instead.
    /// </summary>
    private protected Scalar Constant(double value)
    {
        var scalar = value.ToScalar();
        _constants.Add(scalar);
        return scalar;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var constant in _constants) constant.Dispose();
            _constants.Clear();
        }
        base.Dispose(disposing);
    }

    /// <summary>Adam learning rate for this regulariser's own parameters; null when it has none.</summary>
    public virtual double? LearningRate => null;

    /// <summary>
    /// Whether <see cref="Loss"/> accepts the image sampled on a coarser grid than the one it was built for
    /// (coarse-to-fine fitting). False for regularisers tied to the pixel count (AIR's k x k parameters, the
    /// fixed cosine graph).
    /// </summary>
    public virtual bool IsResolutionFree => false;

    /// <summary>The weighted penalty of <paramref name="image"/> ([C, H, W], the rendered image), a scalar.</summary>
    public abstract Tensor Loss(Tensor image);

    /// <summary>
    /// The row and column adjacency matrices the penalty currently uses (H x H and W x W), for inspection;
    /// null for regularisers that have none.
    /// </summary>
    public virtual (float[,] Rows, float[,] Columns)? Adjacency() => null;
}
