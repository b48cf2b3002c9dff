using Inrr.Cli.Fitting;
using Spectre.Console;

namespace Inrr.Cli.Reporting;

/// <summary>What a command prints when it is done: the metrics table and where the files are.</summary>
internal static class ConsoleSummary
{
    /// <summary>Prints the metrics table of <paramref name="outcomes"/>, best values in bold green.</summary>
    public static void PrintMetrics(IAnsiConsole console, IReadOnlyList<ReportMethod> outcomes)
    {
        var metrics = MetricsTable.For(outcomes);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (name, index) in metrics.Header.Select((h, i) => (h, i)))
            // Method labels stay whole (the numbers wrap instead) so rows can be told apart in a narrow terminal.
            table.AddColumn(index == 0
                ? new TableColumn(Markup.Escape(name)).NoWrap()
                : new TableColumn(Markup.Escape(name)) { Alignment = Justify.Right });
        for (int r = 0; r < metrics.Rows.Count; r++)
            table.AddRow(metrics.Rows[r].Select((cell, c) =>
                metrics.Best.Contains((r, c)) ? $"[bold green]{Markup.Escape(cell)}[/]" : Markup.Escape(cell)).ToArray());
        console.Write(table);
        if (outcomes.Any(o => o.Metrics is { } m && double.IsNaN(m.Ssim)))
            console.MarkupLine("[grey]SSIM NaN: skipped, its 11 x 11 window does not fit a picture this small.[/]");
    }

    /// <summary>Prints where a report was written, as a path a person can open.</summary>
    public static void PrintReportLocation(IAnsiConsole console, string htmlPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(htmlPath))!;
        console.MarkupLine($"Report: [link]{Markup.Escape(Path.GetFullPath(htmlPath))}[/]");
        console.MarkupLine($"        (also {Markup.Escape(Path.Combine(folder, CompletionReportWriter.MarkdownFile))}, pictures and metrics.csv beside it)");
    }
}
