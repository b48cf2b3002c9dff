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
