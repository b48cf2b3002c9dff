using System.Text.Json.Serialization;

namespace Inrr.Torch.Fitting;

/// <summary>How the learning rates evolve over a fit.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LearningRateSchedule>))]
public enum LearningRateSchedule
{
    /// <summary>Every step at the configured rate (the paper's).</summary>
    Constant,

    /// <summary>Cosine decay from the configured rate to <see cref="CompletionOptions.FinalLearningRateFraction"/> of it.</summary>
    Cosine,
}
