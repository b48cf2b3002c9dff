namespace Inrr.Torch.Metrics;

/// <summary>All quality measures of one completed image (see <see cref="ImageMetrics"/> for the definitions).</summary>
/// <param name="Psnr">PSNR in dB over the whole image (observed pixels included), as the reference reports it.</param>
/// <param name="PsnrHoles">PSNR in dB over the missing pixels only.</param>
/// <param name="NmaeHoles">Mean absolute error over the missing pixels / the truth's value range.</param>
/// <param name="Rmse">Root mean squared error over the whole image.</param>
/// <param name="RmseHoles">Root mean squared error over the missing pixels only.</param>
/// <param name="Ssim">Structural similarity over the whole image (Wang et al. 2004); NaN (skipped) for pictures under 11 x 11 pixels, which its window does not fit.</param>
public sealed record MetricSet(double Psnr, double PsnrHoles, double NmaeHoles, double Rmse, double RmseHoles, double Ssim);
