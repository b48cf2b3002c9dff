using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using OpenCvSharp;

namespace Inrr.Torch.Classical;

/// <summary>
/// Fills holes with OpenCV's classical inpainting (OpenCvSharp's <c>Cv2.Inpaint</c> and <c>CvXPhoto.Inpaint</c>):
/// milliseconds to seconds per picture, the baselines a user compares with, and the fills the default completion is
/// guided by and blends with.
/// </summary>
/// <remarks>
/// Each channel is inpainted on its own: Telea and Navier-Stokes as a 32-bit float plane in 0..255 units, so values keep
/// full precision (OpenCV's 3-channel path needs 8-bit); Frequency Selective Reconstruction as an 8-bit plane (the only
/// depth it accepts). Observed pixels come back exactly as given.
/// </remarks>
public static class ClassicalInpainter
{
    /// <summary>OpenCV's neighbourhood radius in pixels (the usual choice, as in the measurements). Default 3.</summary>
    public const double DefaultRadius = 3;

    /// <summary>Returns <paramref name="image"/> with the pixels where <paramref name="mask"/> is 0 filled by <paramref name="method"/>.</summary>
    /// <param name="image">The observed image; values in holes are ignored (they may be NaN).</param>
    /// <param name="mask">1 = observed, 0 = hole; the image's height and width.</param>
    /// <param name="method">Telea, Navier-Stokes or Frequency Selective Reconstruction.</param>
    /// <param name="radius">Neighbourhood radius in pixels, positive (Telea and Navier-Stokes; Frequency Selective Reconstruction has its own block sizes).</param>
    public static ImageData Inpaint(ImageData image, Mask mask, ClassicalInpaintMethod method, double radius = DefaultRadius)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        mask.EnsureUsableFor(image.Height, image.Width, nameof(mask));
        if (!(radius > 0 && double.IsFinite(radius)))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The inpainting radius must be a positive number of pixels.");
        if (!Enum.IsDefined(method))
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown classical inpainting method.");

        int h = image.Height, w = image.Width, plane = image.PlaneSize;
        var observed = mask.Apply(image); // holes -> 0, so NaN never reaches OpenCV
        var result = new float[observed.Pixels.Length];
        try
        {
            for (int c = 0; c < image.Channels; c++)
            {
                var channel = new ReadOnlySpan<float>(observed.Pixels, c * plane, plane);
                var filled = method == ClassicalInpaintMethod.FrequencySelective
                    ? FrequencySelective(channel, mask, h, w)
                    : Diffusion(channel, mask, h, w, method, radius);
                filled.CopyTo(result, c * plane);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                "OpenCV's native library (OpenCvSharpExtern) could not be loaded, so classical inpainting cannot run. " +
                "Add its runtime package to the executable: OpenCvSharp4.official.runtime.linux-x64 on Linux x64, " +
                "OpenCvSharp4.runtime.win on Windows (4.13.0.20260627).", e);
        }
        // Observed pixels exactly as given (OpenCV leaves them, but float round trips should not be trusted).
        for (int c = 0; c < image.Channels; c++)
            for (int i = 0; i < plane; i++)
                if (mask.Values[i] == 1f) result[c * plane + i] = observed.Pixels[c * plane + i];
        return new ImageData(image.Channels, h, w, result);
    }

    /// <summary>Telea or Navier-Stokes on one plane of values in [0, 1].</summary>
    private static float[] Diffusion(ReadOnlySpan<float> plane, Mask mask, int h, int w, ClassicalInpaintMethod method, double radius)
    {
        var holes = new byte[plane.Length]; // cv::inpaint: non-zero = to fill
        for (int i = 0; i < holes.Length; i++) holes[i] = mask.Values[i] == 1f ? (byte)0 : (byte)255;
        // In 0..255 units: OpenCV's Telea on 32-bit floats assumes that range (on 0..1 values it returns garbage).
        var channel = new float[plane.Length];
        for (int i = 0; i < channel.Length; i++) channel[i] = plane[i] * 255f;
        using var holeMat = Mat.FromPixelData(h, w, MatType.CV_8UC1, holes);
        using var source = Mat.FromPixelData(h, w, MatType.CV_32FC1, channel);
        using var filled = new Mat();
        Cv2.Inpaint(source, holeMat, filled, radius, method == ClassicalInpaintMethod.Telea ? InpaintTypes.Telea : InpaintTypes.NS);
        filled.GetArray(out float[] values);
        for (int i = 0; i < values.Length; i++) values[i] /= 255f;
        return values;
    }

    /// <summary>Frequency Selective Reconstruction (fast profile) on one plane of values in [0, 1], through 8 bits.</summary>
    private static float[] FrequencySelective(ReadOnlySpan<float> plane, Mask mask, int h, int w)
    {
        var known = new byte[plane.Length]; // xphoto::inpaint: non-zero = known, the opposite of cv::inpaint
        var levels = new byte[plane.Length];
        for (int i = 0; i < known.Length; i++)
        {
            known[i] = mask.Values[i] == 1f ? (byte)255 : (byte)0;
            levels[i] = (byte)Math.Round(Math.Clamp(plane[i], 0f, 1f) * 255f);
        }
        using var knownMat = Mat.FromPixelData(h, w, MatType.CV_8UC1, known);
        using var source = Mat.FromPixelData(h, w, MatType.CV_8UC1, levels);
        using var filled = new Mat();
        OpenCvSharp.XPhoto.CvXPhoto.Inpaint(source, knownMat, filled, OpenCvSharp.XPhoto.InpaintTypes.FSR_FAST);
        filled.GetArray(out byte[] values);
        var result = new float[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = values[i] / 255f;
        return result;
    }
}
