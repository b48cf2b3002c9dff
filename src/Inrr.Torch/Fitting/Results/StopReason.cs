
namespace Inrr.Torch.Fitting;

/// <summary>Why a fit ended.</summary>
public enum StopReason
{
    /// <summary>All steps ran.</summary>
    Completed,

    /// <summary>The caller cancelled; the result holds the state at the last finished step.</summary>
    Cancelled,

    /// <summary>The held-out error stopped improving (<see cref="CompletionOptions.EarlyStoppingPatience"/>).</summary>
    EarlyStopped,

    /// <summary>
    /// A window of a picture completed in windows whose network, after the coarse steps, predicted the held-out pixels
    /// far worse than the classical fills (<see cref="WindowOptions.NetworkCutoff"/>): its remaining steps and refit were
    /// not run, and its blend leans on the fills.
    /// </summary>
    GaveWayToFills,
}
