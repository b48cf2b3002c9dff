using System.Text.Json.Serialization;

namespace Inrr.Torch.Regularizers;

/// <summary>Second-order total variation with p = 1 or 2. Default weight 1e-3, p = 1.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TotalVariationOptions : RegularizerOptions
{
    /// <summary>Its name: the JSON discriminator, the loss history's key and the tool's spelling.</summary>
    public const string KindName = "tv";

    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => KindName;

    /// <inheritdoc />
    public override RegularizerOptions WithWeight(double weight) => this with { Weight = weight };

    /// <summary>Weight. Default 1e-3.</summary>
    public double Weight { get; init; } = 1e-3;

    /// <summary>The norm's p: 1 (sparse second differences, edges kept) or 2. Default 1.</summary>
    public int P { get; init; } = 1;

    /// <inheritdoc />
    public override Regularizer Create(RegularizerContext context)
    {
        Validate();
        return new TotalVariation(this);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.NonNegative(Weight, nameof(Weight));
        if (P is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(P), P, "P must be 1 or 2.");
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override string Describe() => $"TV (p {P}, weight {Weight:g2})";
}
