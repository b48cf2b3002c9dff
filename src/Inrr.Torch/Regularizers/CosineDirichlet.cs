using TorchSharp;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// A fixed (not learned) Dirichlet energy: rows (columns) are linked by the cosine similarity of the observed
/// image's rows (columns), holes counted as 0, negative similarities dropped, zero diagonal. The adjacency is
/// scaled to a mean degree of exactly 1, a fixed scale independent of the picture. (INRR's learned S S^T, S with
/// softmax rows, has mean degree ||S^T 1||^2 / k, which is 1 only when the rank r is about the side k: the same weight
/// is therefore comparable in strength to INRR's only roughly.)
/// </summary>
public sealed class CosineDirichlet : Regularizer
{
    private Tensor rowAdjacency;    // not readonly: Module.to replaces the buffers (devices, types)
    private Tensor columnAdjacency;
    private readonly CosineDirichletOptions options;
    private readonly Scalar rowWeight, columnWeight; // held (see Regularizer.Constant)

    /// <summary>Builds both adjacencies from the observed pixels.</summary>
    public CosineDirichlet(CosineDirichletOptions options, ImageData observed, Mask mask) : base(CosineDirichletOptions.KindName)
    {
        this.options = options;
        rowWeight = Constant(options.RowWeight);
        columnWeight = Constant(options.ColumnWeight);
        using var scope = NewDisposeScope();
        var image = tensor(mask.Apply(observed).Pixels).reshape(observed.Channels, observed.Height, observed.Width);
        rowAdjacency = Similarity(DirichletEnergy.Rows(image)).MoveToOuterDisposeScope();
        columnAdjacency = Similarity(DirichletEnergy.Columns(image)).MoveToOuterDisposeScope();
        // Persistent: TorchSharp 0.107's Module.to skips non-persistent buffers, and a device move must take this along (DeviceTests).
        register_buffer(nameof(rowAdjacency), rowAdjacency);
        register_buffer(nameof(columnAdjacency), columnAdjacency);
    }

    private static Tensor Similarity(Tensor x)
    {
        var unit = nn.functional.normalize(x, p: 2, dim: 1);
        using var zero = 0.ToScalar(); // held (see Regularizer.Constant)
        var a = unit.mm(unit.t()).clamp_min(zero);
        a = a - diag(a.diagonal());
        using var count = ((double)a.shape[0]).ToScalar(); // held until the division ran (see Regularizer.Constant)
        var meanDegree = a.sum() / count;
        return meanDegree.item<float>() > 0 ? a / meanDegree : a;
    }

    /// <inheritdoc />
    public override Tensor Loss(Tensor image) =>
        (rowWeight * DirichletEnergy.FromAdjacency(DirichletEnergy.Rows(image), rowAdjacency))
        .Plus(columnWeight * DirichletEnergy.FromAdjacency(DirichletEnergy.Columns(image), columnAdjacency));

    /// <inheritdoc />
    public override (float[,] Rows, float[,] Columns)? Adjacency() =>
        (TensorReadback.ToMatrix(rowAdjacency), TensorReadback.ToMatrix(columnAdjacency));
}
