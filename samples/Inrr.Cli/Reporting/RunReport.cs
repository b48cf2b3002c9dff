using Inrr.Cli.Fitting;

namespace Inrr.Cli.Reporting;

/// <summary>Everything a report shows about one run.</summary>
/// <param name="Title">The report's title.</param>
/// <param name="CommandLine">The command line that reproduces the run, every option spelled out.</param>
/// <param name="MaskDescription">The mask as given (<c>text:...</c>, a file name, ...).</param>
/// <param name="Input">The image, mask and truth.</param>
/// <param name="Outcomes">One fit per method, same input, seed and steps.</param>
internal sealed record RunReport(string Title, string CommandLine, string MaskDescription, CompletionInput Input, IReadOnlyList<MethodOutcome> Outcomes);
