using Inrr.Cli.Output;
using Inrr.Reporting;

namespace Inrr.Cli.Reporting;

/// <summary>The tool's runs as reports of the report library: with the command lines that reproduce them.</summary>
internal static class CliReport
{
    /// <summary>A report of one run of <paramref name="commandLine"/> (the tool's own, every option spelled out).</summary>
    public static CompletionReport For(string title, string commandLine, string maskDescription, ReportInput input, IReadOnlyList<ReportMethod> outcomes) =>
        new(title, input, outcomes)
        {
            MaskDescription = maskDescription,
            Producer = $"{CommandLine.ToolName} {typeof(CliReport).Assembly.GetName().Version?.ToString(3)}",
            Reproduce =
            [
                ("Every option is spelled out, defaults included, so the run can be repeated as it was even after the tool's defaults change (the same seed, options and input give the same numbers):",
                    commandLine),
                ("From a clone of the repository, without installing the tool:",
                    $"dotnet run -c Release --project src/Inrr.Cli -- {commandLine[(CommandLine.ToolName.Length + 1)..]}"),
            ],
        };
}
