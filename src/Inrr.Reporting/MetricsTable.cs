using System.Globalization;
using Inrr.Torch.Metrics;

namespace Inrr.Reporting;

/// <summary>
/// The numbers of a run, one row per method: quality against the truth when it is known (best value of each
/// column marked), and always the cost. Shared by the report, the CSV and the console table.
/// </summary>
internal sealed class MetricsTable
{
    private MetricsTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlySet<(int, int)> best)
    {
        Header = header;
        Rows = rows;
        Best = best;
    }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Formatted cells, one row per method.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>(row, column) of the best value of each quality column.</summary>
    public IReadOnlySet<(int Row, int Column)> Best { get; }

    /// <summary>Builds the table for <paramref name="outcomes"/>.</summary>
    public static MetricsTable For(IReadOnlyList<ReportMethod> outcomes)
    {
        bool withTruth = outcomes.All(o => o.Metrics is not null);
        // (name, value, higher is better); value null = a cost column, never marked best.
        var columns = new List<(string Name, Func<ReportMethod, double> Value, string Format, bool? HigherIsBetter)>
        {
            ("steps", o => o.Result.StepsRun, "0", null),
            ("ms/step", o => o.Result.TimePerStep.TotalMilliseconds, "0", null),
            ("time (s)", o => o.Result.Elapsed.TotalSeconds, "0.0", null),
        };
        if (withTruth)
        {
            columns.InsertRange(0,
            [
                ("hole PSNR (dB)", o => o.Metrics!.PsnrHoles, "0.00", true),
                ("hole NMAE", o => o.Metrics!.NmaeHoles, "0.0000", false),
                ("PSNR (dB)", o => o.Metrics!.Psnr, "0.00", true),
                ("SSIM", o => o.Metrics!.Ssim, "0.0000", true),
            ]);
        }
        else
        {
            columns.InsertRange(0,
            [
                ("final loss", o => o.Result.History[^1].Loss, "0.000e+0", null),
                ("observed MSE", o => o.Result.History[^1].ObservedMse, "0.000e+0", null),
            ]);
        }

        var header = new List<string> { "method" };
        header.AddRange(columns.Select(c => c.Name));
        var rows = outcomes.Select(o => (IReadOnlyList<string>)new[] { o.Label }
            .Concat(columns.Select(c => c.Value(o).ToString(c.Format, CultureInfo.InvariantCulture))).ToList()).ToList();
        var best = new HashSet<(int, int)>();
        if (outcomes.Count > 1)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                if (columns[c].HigherIsBetter is not bool higher) continue;
                var values = outcomes.Select(columns[c].Value).ToList();
                double target = higher ? values.Max() : values.Min();
                for (int r = 0; r < values.Count; r++)
                    if (values[r] == target) best.Add((r, c + 1));
            }
        }
        return new MetricsTable(header, rows, best);
    }

    /// <summary>The metric set as named numbers, for JSON and CSV.</summary>
    public static IReadOnlyDictionary<string, double> Named(MetricSet metrics) => new Dictionary<string, double>
    {
        ["psnr"] = metrics.Psnr,
        ["psnr_holes"] = metrics.PsnrHoles,
        ["nmae_holes"] = metrics.NmaeHoles,
        ["rmse"] = metrics.Rmse,
        ["rmse_holes"] = metrics.RmseHoles,
        ["ssim"] = metrics.Ssim,
    };
}
