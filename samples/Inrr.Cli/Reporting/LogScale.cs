using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Inrr.Cli.Reporting;

/// <summary>
/// Log axes for ScottPlot, which draws linear axes only: values are plotted as log10 and the axis gets the
/// ticks of a log scale. A loss that falls by less than a decade would show a single labelled tick with
/// decade ticks alone, so narrower ranges get labels at more mantissas (2 and 5, then 3 and 7, then all).
/// </summary>
internal static class LogScale
{
    /// <summary>log10 of each value; non-positive values (a regulariser that is still off) become NaN, which plots leave out.</summary>
    public static double[] Log10(IEnumerable<double> values) => values.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray();

    /// <summary>Gives <paramref name="axis"/> log ticks covering <paramref name="log10Values"/> (data passed through <see cref="Log10"/>).</summary>
    public static void Apply(IAxis axis, IEnumerable<double> log10Values)
    {
        var finite = log10Values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return;
        axis.TickGenerator = new NumericManual(Ticks(finite.Min(), finite.Max()).ToArray());
    }

    /// <summary>Mantissas that get a label, from sparse to dense: the sparsest set that labels three ticks wins.</summary>
    private static readonly int[][] LabelledMantissas = [[1], [1, 2, 5], [1, 2, 3, 5, 7], [1, 2, 3, 4, 5, 6, 7, 8, 9]];

    /// <summary>
    /// Ticks at m x 10^e within the data range (padded a little): labelled at the sparsest mantissa set that
    /// gives at least three labels (1 alone over many decades, down to every integer within one decade), the
    /// other integers as minor ticks.
    /// </summary>
    internal static IEnumerable<Tick> Ticks(double min, double max)
    {
        double pad = Math.Max(0.02, (max - min) * 0.03);
        var positions = new List<(double Position, int Mantissa, int Exponent)>();
        for (int e = (int)Math.Floor(min); e <= (int)Math.Ceiling(max); e++)
            for (int m = 1; m <= 9; m++)
            {
                double position = e + Math.Log10(m);
                if (position >= min - pad && position <= max + pad) positions.Add((position, m, e));
            }
        var labelled = LabelledMantissas.FirstOrDefault(set => positions.Count(p => set.Contains(p.Mantissa)) >= 3) ?? LabelledMantissas[^1];
        return positions.Select(p => labelled.Contains(p.Mantissa)
            ? Tick.Major(p.Position, Label(p.Mantissa, p.Exponent))
            : Tick.Minor(p.Position));
    }

    /// <summary>m x 10^e as people read it: 0.05, 2, 300 within three decades of 1, else 2e-4 or 5e4.</summary>
    internal static string Label(int mantissa, int exponent) =>
        exponent is >= -3 and <= 3
            ? ((decimal)mantissa * (decimal)Math.Pow(10, exponent)).ToString("0.###", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{exponent}");
}
