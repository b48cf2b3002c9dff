using System.Text.Json.Serialization;

namespace Inrr.Torch.Regularizers;

/// <summary>L2 on the representation's weights. Default weight 1e-3.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WeightDecayOptions : RegularizerOptions
{
    /// <summary>Its name: the JSON discriminator, the loss history's key and the tool's spelling.</summary>
    public const string KindName = "l2";

    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => KindName;

    /// <inheritdoc />
    public override RegularizerOptions WithWeight(double weight) => this with { Weight = weight };

    /// <summary>Weight. Default 1e-3.</summary>
    public double Weight { get; init; } = 1e-3;

    /// <inheritdoc />
    public override Regularizer Create(RegularizerContext context)
    {
        Validate();
        return new WeightDecay(this, context.Representation);
    }

    /// <inheritdoc />
    public override void Validate() => OptionChecks.NonNegative(Weight, nameof(Weight));

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override string Describe() => $"L2 (weight {Weight:g2})";
}
