using System.Globalization;
using System.Text.Json;
using Inrr.Torch.Imaging;

namespace Inrr.Reporting;

/// <summary>A denoising run to report: the noisy picture, the clean one if known, and each method's fit.</summary>
/// <param name="Title">The report's title.</param>
/// <param name="Name">The picture's name.</param>
/// <param name="Noisy">The picture the methods were fitted to.</param>
/// <param name="Clean">The clean picture, or null when only the noisy one is known.</param>
/// <param name="NoiseDescription">Where the noise came from, e.g. "Gaussian, sigma 0.1, seed 0" or "given".</param>
/// <param name="Outcomes">Each method's fit, <see cref="ReportMethod.Metrics"/> against the clean picture.</param>
public sealed record DenoisingReport(string Title, string Name, ImageData Noisy, ImageData? Clean, string NoiseDescription, IReadOnlyList<ReportMethod> Outcomes)
{
    /// <summary>Commands that reproduce the run, each with a sentence saying what it is.</summary>
    public IReadOnlyList<(string Caption, string Command)> Reproduce { get; init; } = [];

    /// <summary>The program that made the run. Default "Inrr.Reporting".</summary>
    public string Producer { get; init; } = "Inrr.Reporting";
}
