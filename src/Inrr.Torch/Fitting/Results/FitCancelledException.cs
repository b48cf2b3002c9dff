
namespace Inrr.Torch.Fitting;

/// <summary>
/// Thrown when a fit is cancelled. It is an <see cref="OperationCanceledException"/>, so ordinary cancellation
/// handling works, and it carries what had been fitted so far, so a long run loses nothing.
/// </summary>
public sealed class FitCancelledException : OperationCanceledException
{
    /// <summary>Creates the exception for a fit of one picture.</summary>
    public FitCancelledException(CompletionResult partialResult, CancellationToken token) : this([partialResult], token)
    {
    }

    /// <summary>Creates the exception for a fit of one or more pictures (a batch), one partial result each, in order.</summary>
    public FitCancelledException(IReadOnlyList<CompletionResult> partialResults, CancellationToken token)
        : base(Describe(partialResults), token) => PartialResults = partialResults;

    private static string Describe(IReadOnlyList<CompletionResult> partialResults) =>
        partialResults is [var first, ..]
            ? $"The fit was cancelled after {first.StepsRun} of {first.Options.Steps} steps."
            : throw new ArgumentException("A cancelled fit has at least one picture.", nameof(partialResults));

    /// <summary>The state at the last finished step (of the first picture, for a batch).</summary>
    public CompletionResult PartialResult => PartialResults[0];

    /// <summary>Every picture's state at the last finished step, in the batch's order (one for a single fit).</summary>
    public IReadOnlyList<CompletionResult> PartialResults { get; }
}
