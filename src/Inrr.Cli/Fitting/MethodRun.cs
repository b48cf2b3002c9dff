using Inrr.Torch.Fitting;

namespace Inrr.Cli.Fitting;

/// <summary>A method to run: its label and the complete options of its fit.</summary>
internal sealed record MethodRun(string Label, CompletionOptions Options);
