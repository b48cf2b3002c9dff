
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
}
