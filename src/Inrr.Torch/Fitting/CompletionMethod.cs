using System.Text.Json.Serialization;

namespace Inrr.Torch.Fitting;

/// <summary>What fills the holes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompletionMethod>))]
public enum CompletionMethod
{
    /// <summary>A representation fitted to the observed pixels under the regularisers (INRR by default).</summary>
    Network,

    /// <summary>OpenCV's Telea inpainting alone: milliseconds, no network (a baseline).</summary>
    Telea,

    /// <summary>OpenCV's Navier-Stokes inpainting alone: milliseconds, no network (a baseline).</summary>
    NavierStokes,

    /// <summary>OpenCV contrib's Frequency Selective Reconstruction alone: about a second, no network (a baseline).</summary>
    FrequencySelective,
}
