using Inrr.Torch.Fitting;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Inrr.Reporting;

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

    private static PlotModel HeatMap(string title, string axisName, float[,] matrix)
    {
        int k = matrix.GetLength(0);
        // OxyPlot's heat map takes data[x, y]: x = column j, y = row i.
        var values = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                values[j, i] = matrix[i, j];
        double low = OffDiagonalQuantile(matrix, LowQuantile), high = OffDiagonalQuantile(matrix, HighQuantile);
        var plot = ReportStyle.NewPlot(title);
        plot.Axes.Add(new LinearColorAxis
        {
            Position = AxisPosition.Right, Palette = ReportStyle.Colormap, Minimum = low, Maximum = Math.Max(high, low + 1e-12),
            Title = "A_ij (colours span its 1st to 99th percentile)", TitleFontSize = 12,
            LowColor = ReportStyle.Colormap.Colors[0], HighColor = ReportStyle.Colormap.Colors[^1],
        });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = $"{axisName} j", TitleFontSize = 13, Minimum = 0, Maximum = k });
        // Row 0 at the top, as in a matrix (AdjacencyHeatMap_PutsRowZeroAtTheTop_AsInAMatrix pins the orientation).
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = $"{axisName} i", TitleFontSize = 13, Minimum = 0, Maximum = k, StartPosition = 1, EndPosition = 0 });
        // Cell centres at 0.5 .. k - 0.5, so cell (i, j) covers [j, j+1] x [i, i+1].
        plot.Series.Add(new HeatMapSeries { X0 = 0.5, X1 = k - 0.5, Y0 = 0.5, Y1 = k - 0.5, Data = values, Interpolate = false, RenderMethod = HeatMapRenderMethod.Bitmap });
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
