using Inrr.Torch.Imaging;

namespace Inrr.Torch.Fitting;

/// <summary>The outcome of one completion.</summary>
public sealed class CompletionResult
{
    internal CompletionResult(ImageData rawOutput, ImageData completed, IReadOnlyList<FitProgress> history,
        IReadOnlyList<AdjacencySnapshot> adjacency, int stepsRun, TimeSpan elapsed, StopReason stopReason, CompletionOptions options,
        int? bestStep, FillBlend? blend = null)
    {
        BestStep = bestStep;
        Blend = blend;
        RawOutput = rawOutput;
        Completed = completed;
        History = history;
        Adjacency = adjacency;
        StepsRun = stepsRun;
        Elapsed = elapsed;
        StopReason = stopReason;
        Options = options;
    }

    /// <summary>
    /// With held-out pixels (<see cref="CompletionOptions.HoldoutFraction"/>): the full-grid step whose output had the
    /// lowest held-out error, which is the output <see cref="Completed"/> holds. Null otherwise.
    /// </summary>
    public int? BestStep { get; }

    /// <summary>
    /// With <see cref="ClassicalGuideOptions.Blend"/>: the weights of the network's estimate and the classical fills in
    /// the holes of <see cref="Completed"/>. Null otherwise.
    /// </summary>
    public FillBlend? Blend { get; }

    /// <summary>The representation's output everywhere after the last step, observed pixels included (a classical method's fill).</summary>
    public ImageData RawOutput { get; }

    /// <summary>
    /// The completed image: observed pixels as given, holes from the representation's estimate (its last output,
    /// or its moving average with <see cref="CompletionOptions.OutputAveraging"/>, or its best held-out step), blended
    /// with the classical fills by <see cref="Blend"/> when a classical guide asks for it, or a classical method's fill.
    /// </summary>
    public ImageData Completed { get; }

    /// <summary>Logged steps, every <see cref="CompletionOptions.LogInterval"/> steps and the last one.</summary>
    public IReadOnlyList<FitProgress> History { get; }

    /// <summary>Adjacency matrices of the regularisers that have them (empty unless captured).</summary>
    public IReadOnlyList<AdjacencySnapshot> Adjacency { get; }

    /// <summary>Steps that ran.</summary>
    public int StepsRun { get; }

    /// <summary>Wall time of the fit.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Mean wall time per step.</summary>
    public TimeSpan TimePerStep => StepsRun == 0 ? TimeSpan.Zero : Elapsed / StepsRun;

    /// <summary>Why the fit ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>The options the fit ran with.</summary>
    public CompletionOptions Options { get; }

    /// <summary>
    /// Whether the fit ended with a higher loss than it had at its first full-grid step: it learned nothing (typically
    /// a far too high learning rate). The output is then no better than the untrained network's (or, for the guided
    /// default, than its classical fill); callers should say so. (A loss that turns NaN or infinite throws instead.)
    /// </summary>
    public bool Diverged { get; init; }

    /// <summary>
    /// For a picture completed in windows (<see cref="CompletionOptions.Windows"/>): every window, in the order they were
    /// planned (rows of the grid, top to bottom). Empty for a fit of the whole picture. For such a result
    /// <see cref="History"/> holds every window's logged steps one window after the other (each entry's
    /// <see cref="FitProgress.WindowIndex"/> says whose), and <see cref="RawOutput"/> is <see cref="Completed"/>: a
    /// network's render exists only inside its window.
    /// </summary>
    public IReadOnlyList<FitWindow> Windows { get; init; } = [];
}
