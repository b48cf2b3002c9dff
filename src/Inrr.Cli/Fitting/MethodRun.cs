using Inrr.Torch.Fitting;

namespace Inrr.Cli.Fitting;

/// <summary>A method to run: its label, the complete options of its fit and where it saves and resumes its state (if anywhere).</summary>
internal sealed record MethodRun(string Label, CompletionOptions Options, FitCheckpoint? Checkpoint = null);
