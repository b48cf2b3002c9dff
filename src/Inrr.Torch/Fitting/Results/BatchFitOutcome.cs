namespace Inrr.Torch.Fitting;

/// <summary>
/// What <see cref="BatchCompletionFitter.FitEach"/> gives for each picture of a group: its result, or the error its
/// own fit met. <see cref="BatchFailure"/> says why the pictures were fitted one at a time, when the batched fit
/// failed as a whole (null when they were fitted together, or when there was one picture).
/// </summary>
public sealed record BatchFitOutcome(IReadOnlyList<CompletionResult?> Results, IReadOnlyList<Exception?> Errors, Exception? BatchFailure)
{
    /// <summary>Whether the pictures were fitted in one batched fit.</summary>
    public bool FittedTogether => BatchFailure is null && Results.Count > 1;
}
