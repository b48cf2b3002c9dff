using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>L2 penalty on the representation's parameters: weight * sum ||theta||^2 (the paper's "L2" baseline).</summary>
public sealed class WeightDecay : Regularizer
{
    private readonly WeightDecayOptions options;
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> penalised;

    /// <summary>Creates the penalty over the parameters of <paramref name="representation"/>.</summary>
    public WeightDecay(WeightDecayOptions options, nn.Module representation) : base("l2")
    {
        this.options = options;
        // Held as a plain list, not registered: the parameters belong to the representation and its optimiser.
        penalised = representation.parameters().ToList();
    }

    /// <inheritdoc />
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override Tensor Loss(Tensor image)
    {
        Tensor total = zeros(1, dtype: image.dtype).sum();
        foreach (var p in penalised) total = total + p.square().sum();
        return options.Weight * total;
    }
}
