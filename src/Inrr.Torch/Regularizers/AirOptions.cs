using System.Text.Json.Serialization;

namespace Inrr.Torch.Regularizers;

/// <summary>AIR: free learned adjacency per axis. Default weights 1e-5 as in the paper's comparison.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AirOptions : RegularizerOptions
{
    /// <summary>Its name: the JSON discriminator, the loss history's key and the tool's spelling.</summary>
    public const string KindName = "air";

    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => KindName;

    /// <inheritdoc />
    public override RegularizerOptions WithWeight(double weight) => this with { RowWeight = weight, ColumnWeight = weight };

    /// <summary>Weight of the row energy. Default 1e-5.</summary>
    public double RowWeight { get; init; } = 1e-5;

    /// <summary>Weight of the column energy. Default 1e-5.</summary>
    public double ColumnWeight { get; init; } = 1e-5;

    /// <summary>Adam learning rate of W. Default 1e-4, as for INRR's psi.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <inheritdoc />
    public override Regularizer Create(RegularizerContext context)
    {
        Validate();
        return new AirRegularizer(this, context.Representation.Height, context.Representation.Width);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.NonNegative(RowWeight, nameof(RowWeight));
        OptionChecks.NonNegative(ColumnWeight, nameof(ColumnWeight));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
    }

    /// <inheritdoc />
    public override string Describe() => $"AIR (eta {RowWeight:g2}/{ColumnWeight:g2})";
}
