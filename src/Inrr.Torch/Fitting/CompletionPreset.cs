using System.Text.Json.Serialization;

namespace Inrr.Torch.Fitting;

/// <summary>Named starting points for <see cref="CompletionOptions"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompletionPreset>))]
public enum CompletionPreset
{
    /// <summary>INRR alone, the network the default uses, longer: a smaller network with a larger learning rate.</summary>
    Fast,

    /// <summary>The paper's settings exactly: SIREN 5 x 256, Adam 1e-4, INRR 1e-6, 10001 steps (hours on a CPU).</summary>
    Paper,

    /// <summary>The default: INRR guided by a classical fill (a fading Navier-Stokes prior and a held-out blend).</summary>
    Guided,
}
