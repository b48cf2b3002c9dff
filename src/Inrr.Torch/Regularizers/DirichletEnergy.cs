using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// The Dirichlet energy tr(X^T L X) = 1/2 sum_ij A_ij ||x_i - x_j||^2 of the rows x_i of X for a graph
/// with adjacency A and Laplacian L = diag(A 1) - A. Rows that A links are pulled together.
/// </summary>
internal static class DirichletEnergy
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
    /// no correction: a node's link to itself adds ||x_i - x_i||^2 = 0 to the energy. A batch of B graphs
    /// (<paramref name="x"/> [B, k, d], <paramref name="s"/> [B, k, r]) gives each one's energy, [B].
    /// </summary>
    public static Tensor FromFactor(Tensor x, Tensor s)
    {
        if (s.dim() == 3) return FromFactors(x, s);
        var columnSums = s.sum(dim: 0);            // c = S^T 1, [r]
        var degree = s.mv(columnSums);             // (S S^T 1)_i, [k]
        var rowNorms = x.Squared().sum(dim: 1);
        return (degree * rowNorms).sum() - s.t().mm(x).Squared().sum();
    }

    /// <summary><see cref="FromFactor"/> of B graphs at once: x [B, k, d], s [B, k, r] -> [B].</summary>
    private static Tensor FromFactors(Tensor x, Tensor s)
    {
        var columnSums = s.sum(dim: 1).unsqueeze(2);             // [B, r, 1]
        var degree = s.bmm(columnSums).squeeze(2);              // [B, k]
        var rowNorms = x.Squared().sum(dim: 2);                  // [B, k]
        return (degree * rowNorms).sum(dim: 1) - s.transpose(1, 2).bmm(x).Squared().sum([1L, 2L]);
    }

    /// <summary>The image [C, H, W] as H rows of length C*W: the rows of all channels side by side ([B, H, C*W] for a batch [B, C, H, W]).</summary>
    public static Tensor Rows(Tensor image) =>
        image.dim() == 4
            ? image.permute(0, 2, 1, 3).reshape(image.shape[0], image.shape[2], -1)
            : image.permute(1, 0, 2).reshape(image.shape[1], -1);

    /// <summary>The image [C, H, W] as W columns of length C*H ([B, W, C*H] for a batch [B, C, H, W]).</summary>
    public static Tensor Columns(Tensor image) =>
        image.dim() == 4
            ? image.permute(0, 3, 1, 2).reshape(image.shape[0], image.shape[3], -1)
            : image.permute(2, 0, 1).reshape(image.shape[2], -1);

    /// <summary>The adjacency S S^T with zero diagonal (k x k), for inspection and tests.</summary>
    public static Tensor AdjacencyFromFactor(Tensor s)
    {
        var a = s.mm(s.t());
        return a - diag(a.diagonal());
    }

    /// <summary>The Laplacian diag(A 1) - A of an adjacency matrix.</summary>
    public static Tensor Laplacian(Tensor adjacency) => diag(adjacency.sum(dim: 1)) - adjacency;
}
