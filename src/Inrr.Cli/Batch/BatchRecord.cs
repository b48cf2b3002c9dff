using System.Text.Json.Serialization;

namespace Inrr.Cli.Batch;

/// <summary>What happened to one image of a batch; one row of <c>results.csv</c> and one entry of <c>results.json</c>.</summary>
internal sealed record BatchRecord
{
    /// <summary>Completed in this run.</summary>
    public const string Completed = "completed";

    /// <summary>Its output already existed (an earlier run finished it).</summary>
    public const string Skipped = "skipped";

    /// <summary>Could not be completed; <see cref="Error"/> says why.</summary>
    public const string Failed = "failed";

    /// <summary>The input's file name.</summary>
    [JsonPropertyName("image")] public required string Image { get; init; }

    /// <summary><see cref="Completed"/>, <see cref="Skipped"/> or <see cref="Failed"/>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>The completed PNG's file name, when there is one.</summary>
    [JsonPropertyName("output")] public string? Output { get; init; }

    /// <summary>Why it failed.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>Fraction of the image's pixels that were missing.</summary>
    [JsonPropertyName("missing_fraction")] public double? MissingFraction { get; init; }

    /// <summary>Hole PSNR in dB, when the truth is known.</summary>
    [JsonPropertyName("psnr_holes")] public double? PsnrHoles { get; init; }

    /// <summary>Hole NMAE, when the truth is known.</summary>
    [JsonPropertyName("nmae_holes")] public double? NmaeHoles { get; init; }

    /// <summary>Whole-image PSNR in dB, when the truth is known.</summary>
    [JsonPropertyName("psnr")] public double? Psnr { get; init; }

    /// <summary>SSIM, when the truth is known.</summary>
    [JsonPropertyName("ssim")] public double? Ssim { get; init; }

    /// <summary>Steps run.</summary>
    [JsonPropertyName("steps")] public int? Steps { get; init; }

    /// <summary>Wall time of the image (reading, fitting, writing).</summary>
    [JsonPropertyName("seconds")] public double? Seconds { get; init; }
}
