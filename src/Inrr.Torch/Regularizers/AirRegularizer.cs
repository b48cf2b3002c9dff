using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// AIR (adaptive and implicit regularisation, the same authors' earlier work): the Dirichlet energy with a
/// free k x k parameter per axis, A = sym(softmin(W)) with zero diagonal. Unlike INRR nothing ties the
/// neighbourhoods of nearby rows together, and the parameter count grows with k^2.
/// </summary>
public sealed class AirRegularizer : Regularizer
{
    private readonly Parameter rowLogits;
    private readonly Parameter columnLogits;
    private readonly AirOptions options;
    private readonly Scalar rowWeight, columnWeight; // held (see Regularizer.Constant)

    /// <summary>Creates W for rows (H x H) and columns (W x W), initialised to zero: A starts uniform.</summary>
    public AirRegularizer(AirOptions options, int height, int width) : base(AirOptions.KindName)
    {
        this.options = options;
        rowWeight = Constant(options.RowWeight);
        columnWeight = Constant(options.ColumnWeight);
        rowLogits = new Parameter(zeros(height, height));
        columnLogits = new Parameter(zeros(width, width));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override double? LearningRate => options.LearningRate;

    /// <summary>sym(softmin(W)) with zero diagonal.</summary>
    public static Tensor AdjacencyFromLogits(Tensor logits)
    {
        var a = nn.functional.softmin(logits, dim: 1);
        using var two = 2.0.ToScalar(); // held until the division ran (see Regularizer.Constant)
        a = a.Plus(a.t()) / two;
        return a - diag(a.diagonal());
    }

    /// <inheritdoc />
    public override Tensor Loss(Tensor image) =>
        (rowWeight * DirichletEnergy.FromAdjacency(DirichletEnergy.Rows(image), AdjacencyFromLogits(rowLogits)))
        .Plus(columnWeight * DirichletEnergy.FromAdjacency(DirichletEnergy.Columns(image), AdjacencyFromLogits(columnLogits)));

    /// <inheritdoc />
    public override (float[,] Rows, float[,] Columns)? Adjacency()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return (TensorReadback.ToMatrix(AdjacencyFromLogits(rowLogits)), TensorReadback.ToMatrix(AdjacencyFromLogits(columnLogits)));
    }
}
