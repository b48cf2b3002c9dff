using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// INRR: R(X) = eta_r tr(X^T L_r X) + eta_c tr(X L_c X^T), each Laplacian from a learned adjacency
/// A = S S^T (zero diagonal) whose factor S comes from a tiny INR (<see cref="AdjacencyInr"/>).
/// The energy is computed from S directly, never forming the k x k Laplacian.
/// </summary>
public sealed class InrrRegularizer : Regularizer
{
    private readonly AdjacencyInr rows;
    private readonly AdjacencyInr columns;
    private readonly InrrOptions options;
    private readonly double rowScale;     // InrrOptions.SizeScale of the full image: the weights mean the same at every size
    private readonly double columnScale;
    private readonly Scalar rowWeight, columnWeight; // the weights times the size scale, held (see Regularizer.Constant)

    /// <summary>Creates the row and column tiny INRs for an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public InrrRegularizer(InrrOptions options, int height, int width, Generator generator) : base(InrrOptions.KindName)
    {
        this.options = options;
        (rowScale, columnScale) = options.SizeScale(height, width);
        rowWeight = Constant(options.RowWeight * rowScale);
        columnWeight = Constant(options.ColumnWeight * columnScale);
        rows = new AdjacencyInr(height, options.Rank, options.Width, options.Layers, options.FirstOmega, options.HiddenOmega, generator);
        columns = new AdjacencyInr(width, options.Rank, options.Width, options.Layers, options.FirstOmega, options.HiddenOmega, generator);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override double? LearningRate => options.LearningRate;

    /// <summary>The row and column tiny INRs and their weights (read by the batched fit).</summary>
    internal (AdjacencyInr Rows, AdjacencyInr Columns, Scalar RowWeight, Scalar ColumnWeight) Parts => (rows, columns, rowWeight, columnWeight);

    /// <inheritdoc />
    public override Tensor Loss(Tensor image) =>
        Energy(image, rows.Factor((int)image.shape[1]), columns.Factor((int)image.shape[2]), rowWeight, columnWeight);

    /// <summary>
    /// eta_r tr(X^T L_r X) + eta_c tr(X L_c X^T) of <paramref name="image"/> ([C, h, w]) from the row and column factors
    /// (h x r, w x r); of every picture of a batch ([B, C, h, w], factors [B, h, r] and [B, w, r]), [B].
    /// </summary>
    internal static Tensor Energy(Tensor image, Tensor rowFactor, Tensor columnFactor, Scalar rowWeight, Scalar columnWeight) =>
        (rowWeight * DirichletEnergy.FromFactor(DirichletEnergy.Rows(image), rowFactor))
        .Plus(columnWeight * DirichletEnergy.FromFactor(DirichletEnergy.Columns(image), columnFactor));

    /// <inheritdoc />
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override (float[,] Rows, float[,] Columns)? Adjacency()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return (TensorReadback.ToMatrix(DirichletEnergy.AdjacencyFromFactor(rows.Factor())),
                TensorReadback.ToMatrix(DirichletEnergy.AdjacencyFromFactor(columns.Factor())));
    }
}
