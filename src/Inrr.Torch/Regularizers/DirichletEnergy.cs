using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// The Dirichlet energy tr(X^T L X) = 1/2 sum_ij A_ij ||x_i - x_j||^2 of the rows x_i of X for a graph
/// with adjacency A and Laplacian L = diag(A 1) - A. Rows that A links are pulled together.
/// </summary>
public static class DirichletEnergy
{
    /// <summary>
    /// The energy for an explicit adjacency <paramref name="adjacency"/> (k x k, symmetric) of the rows of
    /// <paramref name="x"/> (k x d): sum_i deg_i ||x_i||^2 - sum_ij A_ij x_i.x_j.
    /// </summary>
    public static Tensor FromAdjacency(Tensor x, Tensor adjacency)
    {
        var degree = adjacency.sum(dim: 1);
        var rowNorms = x.Squared().sum(dim: 1);
        return (degree * rowNorms).sum() - (x * adjacency.mm(x)).sum();
    }

    /// <summary>
    /// The energy for A = S S^T with its diagonal zeroed, from the factor <paramref name="s"/> (k x r) alone, in
    /// O(k r d) instead of O(k^2 d): sum_i (s_i . c) ||x_i||^2 - ||S^T X||_F^2 with c = S^T 1. The diagonal needs
    /// no correction: a node's link to itself adds ||x_i - x_i||^2 = 0 to the energy.
    /// </summary>
    public static Tensor FromFactor(Tensor x, Tensor s)
    {
        var columnSums = s.sum(dim: 0);            // c = S^T 1, [r]
        var degree = s.mv(columnSums);             // (S S^T 1)_i, [k]
        var rowNorms = x.Squared().sum(dim: 1);
        return (degree * rowNorms).sum() - s.t().mm(x).Squared().sum();
    }

    /// <summary>The image [C, H, W] as H rows of length C*W: the rows of all channels side by side.</summary>
    public static Tensor Rows(Tensor image) =>
        image.permute(1, 0, 2).reshape(image.shape[1], -1);

    /// <summary>The image [C, H, W] as W columns of length C*H.</summary>
    public static Tensor Columns(Tensor image) =>
        image.permute(2, 0, 1).reshape(image.shape[2], -1);

    /// <summary>The adjacency S S^T with zero diagonal (k x k), for inspection and tests.</summary>
    public static Tensor AdjacencyFromFactor(Tensor s)
    {
        var a = s.mm(s.t());
        return a - diag(a.diagonal());
    }

    /// <summary>The Laplacian diag(A 1) - A of an adjacency matrix.</summary>
    public static Tensor Laplacian(Tensor adjacency) => diag(adjacency.sum(dim: 1)) - adjacency;
}
