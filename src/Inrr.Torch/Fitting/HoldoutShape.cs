using System.Text.Json.Serialization;

namespace Inrr.Torch.Fitting;

/// <summary>Which observed pixels are held out of the data term to judge the fit (<see cref="CompletionOptions.HoldoutFraction"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HoldoutShape>))]
public enum HoldoutShape
{
    /// <summary>Scattered pixels, a seeded random choice.</summary>
    Random,

    /// <summary>
    /// The holes' own pattern shifted over observed pixels, so the held-out pixels are as hard to fill as the holes
    /// (a scratch is judged on scratch-shaped gaps, not on isolated pixels whose neighbours are all known).
    /// </summary>
    HoleShaped,
}
