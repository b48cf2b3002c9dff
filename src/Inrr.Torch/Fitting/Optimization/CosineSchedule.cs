using TorchSharp.Modules;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Cosine annealing of an <see cref="AdamOptimizer"/>'s learning rate from its initial value to
/// <c>finalLearningRate</c> over <c>steps</c> steps: the same recurrence, in the same floating-point order, as
/// TorchSharp's <c>CosineAnnealingLR</c> (which needs TorchSharp's own optimiser), so fits are unchanged.
/// </summary>
internal sealed class CosineSchedule
{
    private readonly AdamOptimizer _optimizer;
    private readonly double _steps, _final, _initial;
    private readonly int _restartAt;
    private readonly double _restartRate;
    private long _epoch = -1;

    /// <summary>
    /// One cosine over <paramref name="steps"/>; with <paramref name="restartAt"/> &gt; 0, one over the first
    /// <paramref name="restartAt"/> steps and another from <paramref name="restartFraction"/> x the initial rate over the rest.
    /// </summary>
    public CosineSchedule(AdamOptimizer optimizer, int steps, double finalLearningRate, int restartAt = 0, double restartFraction = 1)
    {
        _optimizer = optimizer;
        _steps = steps;
        _final = finalLearningRate;
        _initial = optimizer.LearningRate;
        _restartAt = restartAt > 0 && restartAt < steps ? restartAt : 0;
        _restartRate = _initial * restartFraction;
        Step(); // epoch 0: the initial rate
    }

    /// <summary>
    /// The refit's schedules (<see cref="CompletionOptions.RefitSteps"/>): each optimiser set to
    /// <see cref="CompletionOptions.RefitLearningRateFraction"/> of its initial rate, a cosine from there over the refit steps.
    /// </summary>
    public static List<CosineSchedule> ForRefit(IReadOnlyList<AdamOptimizer> optimizers, IReadOnlyList<double> initialRates, CompletionOptions options)
    {
        var schedules = new List<CosineSchedule>(optimizers.Count);
        for (int o = 0; o < optimizers.Count; o++)
        {
            double rate = initialRates[o] * CompletionOptions.RefitLearningRateFraction;
            optimizers[o].LearningRate = rate;
            schedules.Add(new CosineSchedule(optimizers[o], options.RefitSteps, rate * options.FinalLearningRateFraction));
        }
        return schedules;
    }

    /// <summary>Schedule steps taken (the learning rate itself lives in the optimiser); a checkpoint saves and restores it.</summary>
    internal long Epoch { get => _epoch; set => _epoch = value; }

    /// <summary>Moves to the next step's learning rate.</summary>
    public void Step()
    {
        _epoch++;
        if (_epoch == 0) return;
        if (_restartAt == 0)
        {
            Anneal(_epoch, _steps, _initial);
            return;
        }
        if (_epoch < _restartAt) Anneal(_epoch, _restartAt, _initial);
        else if (_epoch == _restartAt) _optimizer.LearningRate = _restartRate;
        else Anneal(_epoch - _restartAt, _steps - _restartAt, _restartRate);
    }

    private void Anneal(long epoch, double steps, double initial)
    {
        double lr = _optimizer.LearningRate;
        if ((epoch - 1 - steps) % (2 * steps) == 0)
            _optimizer.LearningRate = lr + (initial - _final) * (1 - Math.Cos(Math.PI / steps)) / 2;
        else
            _optimizer.LearningRate = (1 + Math.Cos(Math.PI * epoch / steps)) / (1 + Math.Cos(Math.PI * (epoch - 1) / steps)) * (lr - _final) + _final;
    }
}
