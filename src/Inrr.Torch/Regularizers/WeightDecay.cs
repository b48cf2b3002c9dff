using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>L2 penalty on the representation's parameters: weight * sum ||theta||^2 (the paper's "L2" baseline).</summary>
public sealed class WeightDecay : Regularizer
{
    private readonly WeightDecayOptions options;
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> penalised;

    private readonly Scalar weight; // held (see Regularizer.Constant)

    /// <summary>Creates the penalty over the parameters of <paramref name="representation"/>.</summary>
    public WeightDecay(WeightDecayOptions options, nn.Module representation) : base(WeightDecayOptions.KindName)
    {
        this.options = options;
        weight = Constant(options.Weight);
        // Held as a plain list, not registered: the parameters belong to the representation and its optimiser.
        penalised = representation.parameters().ToList();
    }

    /// <inheritdoc />
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override Tensor Loss(Tensor image)
    {
        Tensor total = zeros(1, dtype: image.dtype, device: image.device).sum();
        foreach (var p in penalised) total = total.Plus(p.Squared().sum());
        return weight * total;
    }
}
