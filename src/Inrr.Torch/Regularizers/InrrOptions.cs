using System.Text.Json.Serialization;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// INRR, the paper's regulariser. Defaults are the paper's: eta_r = eta_c = 1e-6; psi 1 -> 32 (5 sine layers,
/// first w0 5) -> r = 256 with softmax; its own Adam at 1e-4.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InrrOptions : RegularizerOptions
{
    /// <summary>Its name: the JSON discriminator, the loss history's key and the tool's spelling.</summary>
    public const string KindName = "inrr";

    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => KindName;

    /// <inheritdoc />
    public override RegularizerOptions WithWeight(double weight) => this with { RowWeight = weight, ColumnWeight = weight };

    /// <summary>eta_r, weight of the row energy. Default 1e-6.</summary>
    public double RowWeight { get; init; } = 1e-6;

    /// <summary>eta_c, weight of the column energy. Default 1e-6.</summary>
    public double ColumnWeight { get; init; } = 1e-6;

    /// <summary>r, the number of softmax outputs of psi (the rank of A). Default 256, whatever the image size.</summary>
    public int Rank { get; init; } = 256;

    /// <summary>Width of psi's sine layers. Default 32.</summary>
    public int Width { get; init; } = 32;

    /// <summary>Number of psi's sine layers. Default 5.</summary>
    public int Layers { get; init; } = 5;

    /// <summary>w0 of psi's first layer: how fast neighbourhoods may change along the axis. Default 5.</summary>
    public double FirstOmega { get; init; } = 5;

    /// <summary>w0 of psi's other layers. Default 1.</summary>
    public double HiddenOmega { get; init; } = 1;

    /// <summary>Adam learning rate of psi. Default 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>The image side the weights are defined at (see <see cref="ReferenceSide"/>). 256, the paper's size.</summary>
    public const int PaperSide = 256;

    /// <summary>
    /// The side of the square image at which <see cref="RowWeight"/> and <see cref="ColumnWeight"/> mean what they say.
    /// The row energy sums k x k row pairs (A = S S^T has degrees ~k) over rows of W values, so it grows as H^2 W (the
    /// column energy as W^2 H) while the data term is a mean: the same weight is 8x weaker at half the side. The
    /// weights are therefore scaled by side^3 / (H^2 W) for rows and side^3 / (W^2 H) for columns, so a weight pulls as
    /// hard at 64 or 1024 pixels as at this side. Default 256: at 256 x 256 the paper's 1e-6 is the paper's. 0 = use
    /// the weights as given at every size (the paper's code; the Paper preset).
    /// </summary>
    public int ReferenceSide { get; init; } = PaperSide;

    /// <summary>The factors the row and column weights are multiplied by for an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (double Rows, double Columns) SizeScale(int height, int width)
    {
        if (ReferenceSide == 0) return (1, 1);
        double cube = Math.Pow(ReferenceSide, 3);
        return (cube / ((double)height * height * width), cube / ((double)width * width * height));
    }

    /// <inheritdoc />
    public override Regularizer Create(RegularizerContext context)
    {
        Validate();
        return new InrrRegularizer(this, context.Representation.Height, context.Representation.Width, context.Generator);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.NonNegative(RowWeight, nameof(RowWeight));
        OptionChecks.NonNegative(ColumnWeight, nameof(ColumnWeight));
        if (ReferenceSide < 0)
            throw new ArgumentOutOfRangeException(nameof(ReferenceSide), ReferenceSide, "ReferenceSide must be 0 (weights as given) or a positive side in pixels.");
        OptionChecks.Positive(Rank, nameof(Rank));
        OptionChecks.Positive(Width, nameof(Width));
        OptionChecks.Positive(Layers, nameof(Layers));
        OptionChecks.Positive(FirstOmega, nameof(FirstOmega));
        OptionChecks.Positive(HiddenOmega, nameof(HiddenOmega));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override string Describe() =>
        $"INRR (eta {RowWeight:g2}/{ColumnWeight:g2}{(ReferenceSide == 0 ? " as given" : $" at {ReferenceSide} px")}, r {Rank}, psi {Layers}x{Width})";
}
