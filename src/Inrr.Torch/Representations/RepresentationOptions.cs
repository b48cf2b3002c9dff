using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// What represents the image and how it is optimised. Options are plain data (they serialise to JSON, which is
/// how ML.NET models and reports keep them); <see cref="Create(ImageData, Mask, Generator)"/> builds the trainable module for one image.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SirenOptions), "siren")]
[JsonDerivedType(typeof(FourierFeatureOptions), "fourier")]
[JsonDerivedType(typeof(DeepMatrixFactorizationOptions), "dmf")]
[JsonDerivedType(typeof(InrZOptions), "inrz")]
public abstract record RepresentationOptions
{
    /// <summary>Adam learning rate for the representation's parameters.</summary>
    public abstract double LearningRate { get; init; }

    /// <summary>Builds the representation of a <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/> image.</summary>
    public abstract ImageRepresentation Create(int channels, int height, int width, Generator generator);

    /// <summary>
    /// Builds the representation of <paramref name="observed"/>, which it may read where <paramref name="known"/> is 1
    /// (the pixels the data term uses). Only INR-Z reads them; the others need the size alone.
    /// </summary>
    public virtual ImageRepresentation Create(ImageData observed, Mask known, Generator generator) =>
        Create(observed.Channels, observed.Height, observed.Width, generator);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public abstract void Validate();

    /// <summary>A short human-readable description, e.g. for reports.</summary>
    public abstract string Describe();

    /// <summary>Whether the representation can be sampled on a coarser grid (coarse-to-fine fitting).</summary>
    [JsonIgnore]
    public virtual bool IsResolutionFree => true;

    /// <summary>
    /// What one step costs per pixel of a <paramref name="height"/> x <paramref name="width"/> x <paramref name="channels"/>
    /// image: the activation units kept for backpropagation (memory) and the multiply-adds (time). Feeds
    /// <see cref="Fitting.FitEstimate"/>.
    /// </summary>
    internal abstract (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width);
}
