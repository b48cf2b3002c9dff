
namespace Inrr.Torch.Fitting;

/// <summary>A learned (or fixed) adjacency of one regulariser, for inspection: the paper's self-similarity pictures.</summary>
/// <param name="Regularizer">Name of the regulariser it belongs to.</param>
/// <param name="Rows">H x H row adjacency.</param>
/// <param name="Columns">W x W column adjacency.</param>
public sealed record AdjacencySnapshot(string Regularizer, float[,] Rows, float[,] Columns);
