using Inrr.Torch.Fitting;
using ScottPlot;

namespace Inrr.Cli.Reporting;

/// <summary>
/// Heat maps of a regulariser's learned row and column adjacency (the paper's self-similarity pictures): a
/// bright cell (i, j) means rows (or columns) i and j are pulled towards each other. Bands along the
/// diagonal are local smoothness; bright cells far from it link similar rows that are far apart.
/// </summary>
internal static class AdjacencyPlots
{
    /// <summary>
    /// Colours span these quantiles of the off-diagonal values: a few strong pairs would otherwise turn the rest
    /// of the map black, and a nearly uniform adjacency (AIR's, early on) would be one flat colour from 0.
    /// </summary>
    public const double LowQuantile = 0.01, HighQuantile = 0.99;

    /// <summary>Writes the row and column heat maps of one snapshot side by side.</summary>
    public static void Save(string method, AdjacencySnapshot adjacency, string path)
    {
        ReportStyle.SaveGrid(
        [
            HeatMap($"{method} / {adjacency.Regularizer}: row adjacency", "row", adjacency.Rows),
            HeatMap($"{method} / {adjacency.Regularizer}: column adjacency", "column", adjacency.Columns),
        ], 1, 2, 560, 520, path);
    }

    private static Plot HeatMap(string title, string axisName, float[,] matrix)
    {
        int k = matrix.GetLength(0);
        var values = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                values[i, j] = matrix[i, j];
        var plot = ReportStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = ReportStyle.Colormap;
        double low = OffDiagonalQuantile(matrix, LowQuantile), high = OffDiagonalQuantile(matrix, HighQuantile);
        heatmap.ManualRange = new ScottPlot.Range(low, Math.Max(high, low + 1e-12));
        // Cell (i, j) covers [j, j+1] x [i, i+1] and the y axis runs downwards, so row 0 is at the top as in a
        // matrix. With the y axis inverted ScottPlot draws the rows upside down unless they are flipped back
        // (a symmetric matrix then looks mirrored; AdjacencyPlotsTests pins the orientation).
        heatmap.Extent = new CoordinateRect(0, k, k, 0);
        heatmap.FlipVertically = true;
        plot.Axes.SetLimits(0, k, k, 0);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "A_ij (colours span its 1st to 99th percentile)";
        colorBar.LabelStyle.FontSize = 12;
        colorBar.LabelStyle.Bold = false;
        plot.Title(title, 15);
        plot.XLabel($"{axisName} j", 13);
        plot.YLabel($"{axisName} i", 13);
        return plot;
    }

    /// <summary>The <paramref name="quantile"/> of the off-diagonal entries (the diagonal is 0 by construction).</summary>
    internal static double OffDiagonalQuantile(float[,] matrix, double quantile)
    {
        int k = matrix.GetLength(0);
        var values = new List<double>(k * (k - 1));
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if (i != j) values.Add(matrix[i, j]);
        if (values.Count == 0) return 0;
        values.Sort();
        return values[(int)Math.Round(quantile * (values.Count - 1))];
    }
}
