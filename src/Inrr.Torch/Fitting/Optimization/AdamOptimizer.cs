using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Adam (Kingma and Ba, 2015) with torch's defaults: betas 0.9 / 0.999, eps 1e-8, no weight decay; the same
/// update, operation for operation, as TorchSharp's <c>optim.Adam</c> (a test compares them), which the fitter used
/// before. It exists because TorchSharp 0.107's Adam converts about six doubles per parameter and step implicitly to
/// Scalars whose native memory only the garbage collector frees, possibly while libtorch still reads it: the
/// intermittent "Unknown scalar type" crash (docs/reliability.md). Here every number is a Scalar held for the fit
/// (the betas, eps) or for one step (the bias corrections) and disposed explicitly.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly List<(Parameter Parameter, Tensor Mean, Tensor SquareMean)> _state = [];
    private readonly Scalar _beta1 = Beta1.ToScalar(), _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar(), _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private long _steps;

    /// <summary>An optimiser of <paramref name="parameters"/> at <paramref name="learningRate"/>.</summary>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        LearningRate = InitialLearningRate = learningRate;
        foreach (var p in parameters)
            _state.Add((p, zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope()));
    }

    /// <summary>The current learning rate (a schedule changes it between steps).</summary>
    public double LearningRate { get; set; }

    /// <summary>The learning rate the optimiser started with.</summary>
    public double InitialLearningRate { get; set; }

    /// <summary>Clears the parameters' gradients before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var (p, _, _) in _state)
            p.grad?.zero_();
    }

    /// <summary>One Adam update of every parameter that has a gradient.</summary>
    public void Step()
    {
        _steps++;
        double biasCorrection1 = 1 - Math.Pow(Beta1, _steps), biasCorrection2 = 1 - Math.Pow(Beta2, _steps);
        using var _ = no_grad();
        using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        foreach (var (p, mean, squareMean) in _state)
        {
            var grad = p.grad;
            if (grad is null) continue;
            mean.mul_(_beta1).add_(grad, alpha: _oneMinusBeta1);
            squareMean.mul_(_beta2).addcmul_(grad, grad, value: _oneMinusBeta2);
            using var denominator = (squareMean.sqrt() / sqrtBiasCorrection2).add_(_epsilon, TensorArithmetic.One);
            p.addcdiv_(mean, denominator, value: stepSize);
        }
    }

    /// <summary>Updates taken so far (the bias corrections depend on it); a checkpoint saves and restores it.</summary>
    internal long StepCount { get => _steps; set => _steps = value; }

    /// <summary>The moment estimates of every parameter, in parameter order (a checkpoint saves and restores them in place).</summary>
    internal IEnumerable<(Tensor Mean, Tensor SquareMean)> Moments => _state.Select(s => (s.Mean, s.SquareMean));

    /// <summary>Frees the moment estimates and the held numbers.</summary>
    public void Dispose()
    {
        foreach (var (_, mean, squareMean) in _state)
        {
            mean.Dispose();
            squareMean.Dispose();
        }
        _state.Clear();
        foreach (var scalar in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon }) scalar.Dispose();
    }
}
