using System.Text.Json.Serialization;

namespace Inrr.Torch.Regularizers;

/// <summary>Fixed cosine-similarity Dirichlet energy. Default weights 1e-6 (the adjacency is scaled like INRR's).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CosineDirichletOptions : RegularizerOptions
{
    /// <summary>Its name: the JSON discriminator, the loss history's key and the tool's spelling.</summary>
    public const string KindName = "cosine";

    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => KindName;

    /// <inheritdoc />
    public override RegularizerOptions WithWeight(double weight) => this with { RowWeight = weight, ColumnWeight = weight };

    /// <summary>Weight of the row energy. Default 1e-6.</summary>
    public double RowWeight { get; init; } = 1e-6;

    /// <summary>Weight of the column energy. Default 1e-6.</summary>
    public double ColumnWeight { get; init; } = 1e-6;

    /// <inheritdoc />
    public override Regularizer Create(RegularizerContext context)
    {
        Validate();
        return new CosineDirichlet(this, context.Observed, context.Mask);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.NonNegative(RowWeight, nameof(RowWeight));
        OptionChecks.NonNegative(ColumnWeight, nameof(ColumnWeight));
    }

    /// <inheritdoc />
    public override string Describe() => $"cosine Dirichlet (eta {RowWeight:g2}/{ColumnWeight:g2})";
}
