using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using OpenCvSharp;

namespace Inrr.Torch.Classical;

/// <summary>OpenCV's classical inpainting algorithms (<c>cv::inpaint</c>).</summary>
public enum ClassicalInpaintMethod
{
    /// <summary>Telea 2004: fast marching from the hole's edge, each pixel a weighted average of known neighbours.</summary>
    Telea,

    /// <summary>Bertalmio et al. 2001: isophotes continued into the hole along Navier-Stokes fluid dynamics.</summary>
    NavierStokes,
}

/// <summary>
/// Fills holes with OpenCV's classical inpainting (OpenCvSharp's <c>Cv2.Inpaint</c>): milliseconds per picture, the
/// baseline a user compares with, and the prior the default completion starts from.
/// </summary>
/// <remarks>
/// Each channel is inpainted on its own as a 32-bit float plane in 0..255 units, so values keep full precision
/// (OpenCV's 3-channel path needs 8-bit). Observed pixels come back exactly as given.
/// </remarks>
public static class ClassicalInpainter
{
    /// <summary>OpenCV's neighbourhood radius in pixels (the usual choice, as in the measurements). Default 3.</summary>
    public const double DefaultRadius = 3;

    /// <summary>Returns <paramref name="image"/> with the pixels where <paramref name="mask"/> is 0 filled by <paramref name="method"/>.</summary>
    /// <param name="image">The observed image; values in holes are ignored (they may be NaN).</param>
    /// <param name="mask">1 = observed, 0 = hole; the image's height and width.</param>
    /// <param name="method">Telea or Navier-Stokes.</param>
    /// <param name="radius">Neighbourhood radius in pixels, positive.</param>
    public static ImageData Inpaint(ImageData image, Mask mask, ClassicalInpaintMethod method, double radius = DefaultRadius)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        mask.EnsureUsableFor(image.Height, image.Width, nameof(mask));
        if (!(radius > 0 && double.IsFinite(radius)))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The inpainting radius must be a positive number of pixels.");
        var flags = method switch
        {
            ClassicalInpaintMethod.Telea => InpaintTypes.Telea,
            ClassicalInpaintMethod.NavierStokes => InpaintTypes.NS,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown classical inpainting method."),
        };

        int h = image.Height, w = image.Width, plane = image.PlaneSize;
        var observed = mask.Apply(image); // holes -> 0, so NaN never reaches OpenCV
        var result = new float[observed.Pixels.Length];
        var holes = new byte[plane];
        for (int i = 0; i < plane; i++) holes[i] = mask.Values[i] == 1f ? (byte)0 : (byte)255;
        try
        {
            using var holeMat = Mat.FromPixelData(h, w, MatType.CV_8UC1, holes);
            for (int c = 0; c < image.Channels; c++)
            {
                // In 0..255 units: OpenCV's Telea on 32-bit floats assumes that range (on 0..1 values it returns garbage).
                var channel = new float[plane];
                for (int i = 0; i < plane; i++) channel[i] = observed.Pixels[c * plane + i] * 255f;
                using var source = Mat.FromPixelData(h, w, MatType.CV_32FC1, channel);
                using var filled = new Mat();
                Cv2.Inpaint(source, holeMat, filled, radius, flags);
                filled.GetArray(out float[] values);
                for (int i = 0; i < plane; i++) result[c * plane + i] = values[i] / 255f;
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
}
