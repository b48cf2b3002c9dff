using System.Text.Json.Serialization;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// A regulariser's settings (plain data, serialisable as JSON); <see cref="Create"/> builds it for one image.
/// Any list of them can be combined in one fit: their losses add.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(InrrOptions), InrrOptions.KindName)]
[JsonDerivedType(typeof(AirOptions), AirOptions.KindName)]
[JsonDerivedType(typeof(TotalVariationOptions), TotalVariationOptions.KindName)]
[JsonDerivedType(typeof(WeightDecayOptions), WeightDecayOptions.KindName)]
[JsonDerivedType(typeof(CosineDirichletOptions), CosineDirichletOptions.KindName)]
public abstract record RegularizerOptions
{
    /// <summary>
    /// Every regulariser by its name (<see cref="Kind"/>), with its default options: the one table the JSON format, the
    /// loss history and the tool's <c>--regularizer</c> spellings come from.
    /// </summary>
    public static IReadOnlyDictionary<string, Func<RegularizerOptions>> Kinds { get; } = new Dictionary<string, Func<RegularizerOptions>>
    {
        [InrrOptions.KindName] = () => new InrrOptions(),
        [AirOptions.KindName] = () => new AirOptions(),
        [CosineDirichletOptions.KindName] = () => new CosineDirichletOptions(),
        [TotalVariationOptions.KindName] = () => new TotalVariationOptions(),
        [WeightDecayOptions.KindName] = () => new WeightDecayOptions(),
    };

    /// <summary>The regulariser's name: <c>inrr</c>, <c>air</c>, <c>cosine</c>, <c>tv</c> or <c>l2</c> (<see cref="Kinds"/>).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>These options with <paramref name="weight"/> as the regulariser's weight (both axes for the Dirichlet energies).</summary>
    public abstract RegularizerOptions WithWeight(double weight);

    /// <summary>Builds the regulariser for the image in <paramref name="context"/>.</summary>
    public abstract Regularizer Create(RegularizerContext context);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public abstract void Validate();

    /// <summary>A short human-readable description.</summary>
    public abstract string Describe();

    /// <summary>Whether the regulariser works on a coarser sampling of the image (coarse-to-fine fitting).</summary>
    [JsonIgnore]
    public virtual bool IsResolutionFree => false;
}

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
