using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// The bias-corrected exponential moving average of a fit's full-grid renders (<see cref="CompletionOptions.OutputAveraging"/>),
/// kept outside every dispose scope; its factors are Scalars held for the fit's life (never left to the collector).
/// </summary>
internal sealed class OutputAverage(double decay) : IDisposable
{
    private Tensor? average;
    private Scalar? decayScalar, keepScalar;
    private int steps;

    /// <summary>Adds a render (any shape; the same every time).</summary>
    public void Add(Tensor render)
    {
        using var _ = no_grad();
        var p = render.detach();
        average ??= zeros_like(p).DetachFromDisposeScope();
        decayScalar ??= decay.ToScalar();
        keepScalar ??= (1 - decay).ToScalar();
        average.mul_(decayScalar).add_(p, alpha: keepScalar);
        steps++;
    }

    /// <summary>The average so far, bias-corrected (a new tensor in the caller's scope), or null before the first render.</summary>
    public Tensor? Current()
    {
        if (average is null || steps == 0) return null;
        using var correction = (1 - Math.Pow(decay, steps)).ToScalar();
        return average / correction;
    }

    /// <summary>The running (uncorrected) average and the renders added, for a checkpoint.</summary>
    internal (Tensor? Sum, int Renders) State => (average, steps);

    /// <summary>Restores <see cref="State"/> from a checkpoint: <paramref name="sum"/> is copied (the caller keeps it).</summary>
    internal void Restore(Tensor? sum, int renders)
    {
        average?.Dispose();
        average = sum?.detach().clone().DetachFromDisposeScope();
        decayScalar ??= decay.ToScalar();
        keepScalar ??= (1 - decay).ToScalar();
        steps = renders;
    }

    /// <summary>Whether a render has been added.</summary>
    public bool HasValue => average is not null;

    public void Dispose()
    {
        average?.Dispose();
        decayScalar?.Dispose();
        keepScalar?.Dispose();
    }
}
