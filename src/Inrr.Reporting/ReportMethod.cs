using Inrr.Torch.Fitting;
using Inrr.Torch.Metrics;

namespace Inrr.Reporting;

/// <summary>One method's fit of one input.</summary>
/// <param name="Label">The method's name, as the report's rows and file names show it.</param>
/// <param name="Result">What the engine returned (<see cref="CompletionFitter.Fit"/>).</param>
/// <param name="Metrics">The completed image against the truth; null when no truth is known.</param>
public sealed record ReportMethod(string Label, CompletionResult Result, MetricSet? Metrics);
