using Inrr.Torch.Fitting;
using Inrr.Torch.Metrics;

namespace Inrr.Cli.Fitting;

/// <summary>One method's fit of one input.</summary>
/// <param name="Label">The method's name (see <see cref="Specs.MethodSpec.Label"/>).</param>
/// <param name="Result">What the engine returned.</param>
/// <param name="Metrics">The completed image against the truth; null when no truth is known.</param>
internal sealed record MethodOutcome(string Label, CompletionResult Result, MetricSet? Metrics);
