using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>Deep matrix factorisation X = W_1 ... W_d.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeepMatrixFactorizationOptions : RepresentationOptions
{
    /// <summary>Number of factors d. Default 3.</summary>
    public int Depth { get; init; } = 3;

    /// <summary>Inner dimension k; 0 = max(height, width) (full rank possible, low rank comes from the dynamics). Default 0.</summary>
    public int InnerSize { get; init; }

    /// <summary>Standard deviation of the initial entries: small, because the implicit low-rank bias needs it. Default 1e-3.</summary>
    public double InitStd { get; init; } = 1e-3;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public override double LearningRate { get; init; } = 1e-3;

    /// <inheritdoc />
    public override ImageRepresentation Create(int channels, int height, int width, Generator generator)
    {
        Validate();
        int inner = InnerSize > 0 ? InnerSize : Math.Max(height, width);
        return new DeepMatrixFactorization(channels, height, width, Depth, inner, InitStd, generator);
    }

    /// <inheritdoc />
    public override void Validate()
    {
        if (Depth < 2) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "Depth must be at least 2.");
        if (InnerSize < 0) throw new ArgumentOutOfRangeException(nameof(InnerSize), InnerSize, "InnerSize must be 0 (automatic) or positive.");
        OptionChecks.Positive(InitStd, nameof(InitStd));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsResolutionFree => false;

    /// <inheritdoc />
    public override string Describe() => $"DMF depth {Depth}, init std {InitStd:g2}, lr {LearningRate:g3}";

    // A chain of Depth square factors per channel: a few image-sized products kept, H (or W) multiply-adds per entry.
    internal override (double Units, double MultiplyAdds) CostPerPixel(int channels, int height, int width) =>
        (Depth * 2.0 * channels, Depth * (double)Math.Max(height, width) * channels);
}
