using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Metrics;

/// <summary>
/// Image quality measures for completion, in double precision over all channels, for values in [0, 1]
/// (data range 1). "Holes" are the pixels the mask marks missing (0), in every channel.
/// </summary>
/// <remarks>
/// Every method throws <see cref="ArgumentException"/> when the images differ in channels or size, when
/// the mask does not match them or has no hole, or when a value is NaN or infinite.
/// </remarks>
public static class ImageMetrics
{
    private const int SsimWindow = 11;
    private const double SsimSigma = 1.5;
    private const double SsimC1 = 0.01 * 0.01; // (K1 L)^2 with L = 1
    private const double SsimC2 = 0.03 * 0.03; // (K2 L)^2

    /// <summary>Gaussian weights of the SSIM window, normalised to sum 1 (the 2-D window is their outer product).</summary>
    private static readonly double[] SsimKernel = GaussianKernel(SsimWindow, SsimSigma);

    /// <summary>10 log10(1 / MSE) over the whole image, as the reference reports it; +infinity when MSE = 0.</summary>
    public static double Psnr(ImageData prediction, ImageData truth)
    {
        EnsureComparable(prediction, truth);
        return PsnrOf(MeanError(prediction, truth, holesOf: null, Squared));
    }

    /// <summary>10 log10(1 / MSE) over the missing pixels only; +infinity when MSE = 0.</summary>
    public static double PsnrHoles(ImageData prediction, ImageData truth, Mask mask)
    {
        EnsureComparable(prediction, truth, mask);
        return PsnrOf(MeanError(prediction, truth, mask, Squared));
    }

    /// <summary>
    /// Mean |X - X*| over the missing pixels divided by (max X* - min X*), the range taken over the whole
    /// truth image (all channels). A constant truth has no range: the mean absolute error is divided by 1.
    /// </summary>
    public static double NmaeHoles(ImageData prediction, ImageData truth, Mask mask)
    {
        EnsureComparable(prediction, truth, mask);
        return NmaeHolesOf(prediction, truth, mask);
    }

    /// <summary>Root mean squared error over the whole image.</summary>
    public static double Rmse(ImageData prediction, ImageData truth)
    {
        EnsureComparable(prediction, truth);
        return Math.Sqrt(MeanError(prediction, truth, holesOf: null, Squared));
    }

    /// <summary>Root mean squared error over the missing pixels only.</summary>
    public static double RmseHoles(ImageData prediction, ImageData truth, Mask mask)
    {
        EnsureComparable(prediction, truth, mask);
        return Math.Sqrt(MeanError(prediction, truth, mask, Squared));
    }

    /// <summary>
    /// Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004): 11 x 11 Gaussian window with sigma 1.5,
    /// K1 = 0.01, K2 = 0.03, data range 1, local statistics weighted by the window (no sample-covariance
    /// correction), averaged over the 'valid' windows only (no padding) and then over the channels.
    /// </summary>
    /// <exception cref="ArgumentException">The images are smaller than 11 x 11.</exception>
    public static double Ssim(ImageData prediction, ImageData truth)
    {
        EnsureComparable(prediction, truth);
        return SsimOf(prediction, truth);
    }

    /// <summary>
    /// The whole-image measures of a picture without holes (denoising): PSNR, RMSE and SSIM; the hole measures are NaN.
    /// SSIM is NaN for pictures under 11 x 11 pixels.
    /// </summary>
    public static MetricSet EvaluateWhole(ImageData prediction, ImageData truth)
    {
        EnsureComparable(prediction, truth);
        double mse = MeanError(prediction, truth, holesOf: null, Squared);
        return new MetricSet(
            Psnr: PsnrOf(mse), PsnrHoles: double.NaN, NmaeHoles: double.NaN, Rmse: Math.Sqrt(mse), RmseHoles: double.NaN,
            Ssim: truth.Height < SsimWindow || truth.Width < SsimWindow ? double.NaN : SsimOf(prediction, truth));
    }

    /// <summary>Every measure at once (inputs validated once); SSIM is NaN for pictures under 11 x 11 pixels.</summary>
    public static MetricSet Evaluate(ImageData prediction, ImageData truth, Mask mask)
    {
        EnsureComparable(prediction, truth, mask);
        double mse = MeanError(prediction, truth, holesOf: null, Squared);
        double mseHoles = MeanError(prediction, truth, mask, Squared);
        return new MetricSet(
            Psnr: PsnrOf(mse),
            PsnrHoles: PsnrOf(mseHoles),
            NmaeHoles: NmaeHolesOf(prediction, truth, mask),
            Rmse: Math.Sqrt(mse),
            RmseHoles: Math.Sqrt(mseHoles),
            // SSIM's 11 x 11 window does not fit a smaller picture: skipped (NaN) there, the other measures still count.
            Ssim: truth.Height < SsimWindow || truth.Width < SsimWindow ? double.NaN : SsimOf(prediction, truth));
    }

    private static double Squared(double difference) => difference * difference;

    private static double PsnrOf(double mse) => mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);

    private static double NmaeHolesOf(ImageData prediction, ImageData truth, Mask mask)
    {
        double range = truth.Pixels.Max() - truth.Pixels.Min();
        return MeanError(prediction, truth, mask, Math.Abs) / (range > 0 ? range : 1);
    }

    /// <summary>Mean of <paramref name="error"/>(prediction - truth) over all pixels, or over the holes of <paramref name="holesOf"/>.</summary>
    private static double MeanError(ImageData prediction, ImageData truth, Mask? holesOf, Func<double, double> error)
    {
        int n = truth.PlaneSize;
        double sum = 0;
        long count = 0;
        for (int c = 0; c < truth.Channels; c++)
        {
            for (int i = 0; i < n; i++)
            {
                if (holesOf is not null && holesOf.Values[i] != 0f) continue;
                sum += error((double)prediction.Pixels[c * n + i] - truth.Pixels[c * n + i]);
                count++;
            }
        }
        return sum / count;
    }

    private static double SsimOf(ImageData prediction, ImageData truth)
    {
        if (truth.Height < SsimWindow || truth.Width < SsimWindow)
            throw new ArgumentException(
                $"SSIM needs images of at least {SsimWindow}x{SsimWindow} pixels; got {truth.Height}x{truth.Width}.", nameof(prediction));
        double total = 0;
        for (int c = 0; c < truth.Channels; c++)
            total += MeanSsim(Plane(prediction, c), Plane(truth, c), truth.Height, truth.Width);
        return total / truth.Channels;
    }

    private static double[] Plane(ImageData image, int channel)
    {
        var plane = new double[image.PlaneSize];
        for (int i = 0; i < plane.Length; i++)
            plane[i] = image.Pixels[channel * image.PlaneSize + i];
        return plane;
    }

    /// <summary>Mean of the SSIM map of one channel over the valid window positions.</summary>
    private static double MeanSsim(double[] x, double[] y, int height, int width)
    {
        var meanX = FilterValid(x, height, width);
        var meanY = FilterValid(y, height, width);
        var meanXX = FilterValid(Product(x, x), height, width);
        var meanYY = FilterValid(Product(y, y), height, width);
        var meanXY = FilterValid(Product(x, y), height, width);
        double total = 0;
        for (int i = 0; i < meanX.Length; i++)
        {
            double mx = meanX[i], my = meanY[i];
            double varianceX = meanXX[i] - mx * mx, varianceY = meanYY[i] - my * my, covariance = meanXY[i] - mx * my;
            total += (2 * mx * my + SsimC1) * (2 * covariance + SsimC2)
                   / ((mx * mx + my * my + SsimC1) * (varianceX + varianceY + SsimC2));
        }
        return total / meanX.Length;
    }

    private static double[] Product(double[] a, double[] b)
    {
        var product = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
            product[i] = a[i] * b[i];
        return product;
    }

    /// <summary>
    /// Correlation with the separable SSIM window at every position where it fits entirely inside the
    /// plane: (height - 10) x (width - 10) outputs.
    /// </summary>
    private static double[] FilterValid(double[] plane, int height, int width)
    {
        int k = SsimKernel.Length, outWidth = width - k + 1, outHeight = height - k + 1;
        var rows = new double[height * outWidth];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < outWidth; x++)
            {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += SsimKernel[j] * plane[y * width + x + j];
                rows[y * outWidth + x] = sum;
            }
        var result = new double[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++)
            for (int x = 0; x < outWidth; x++)
            {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += SsimKernel[j] * rows[(y + j) * outWidth + x];
                result[y * outWidth + x] = sum;
            }
        return result;
    }

    private static double[] GaussianKernel(int size, double sigma)
    {
        var kernel = new double[size];
        int half = size / 2;
        for (int i = 0; i < size; i++)
            kernel[i] = Math.Exp(-(i - half) * (i - half) / (2 * sigma * sigma));
        double total = kernel.Sum();
        return Array.ConvertAll(kernel, v => v / total);
    }

    private static void EnsureComparable(ImageData prediction, ImageData truth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        if (prediction.Channels != truth.Channels || prediction.Height != truth.Height || prediction.Width != truth.Width)
            throw new ArgumentException(
                $"Prediction is {prediction.Channels}x{prediction.Height}x{prediction.Width} (channels x height x width) " +
                $"but the truth is {truth.Channels}x{truth.Height}x{truth.Width}.", nameof(prediction));
        prediction.EnsureFinite(nameof(prediction));
        truth.EnsureFinite(nameof(truth));
    }

    private static void EnsureComparable(ImageData prediction, ImageData truth, Mask mask)
    {
        EnsureComparable(prediction, truth);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Height != truth.Height || mask.Width != truth.Width)
            throw new ArgumentException($"Mask is {mask.Height}x{mask.Width} but the images are {truth.Height}x{truth.Width}.", nameof(mask));
        if (mask.MissingCount == 0)
            throw new ArgumentException("Mask has no missing pixel: there are no holes to measure.", nameof(mask));
    }
}
