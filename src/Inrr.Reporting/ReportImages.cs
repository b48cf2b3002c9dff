using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Reporting;

/// <summary>The report's derived pictures as images: the masked input as a person sees it, and error maps.</summary>
internal static class ReportImages
{
    /// <summary>
    /// Errors at or above this value get the brightest colour. Fixed rather than fitted to each run so that
    /// error maps of different methods and runs compare at a glance; a quarter of the value range is where
    /// a filled hole is plainly wrong.
    /// </summary>
    public const double ErrorScaleMax = 0.25;

    /// <summary>The observed image in colour with every hole painted in <see cref="ReportStyle.HoleColor"/>.</summary>
    public static ImageData MaskedView(ImageData observed, Mask mask)
    {
        var rgb = ToRgb(observed);
        var (r, g, b) = ReportStyle.HoleColor;
        int n = rgb.PlaneSize;
        for (int i = 0; i < n; i++)
        {
            if (mask.Values[i] != 0f) continue;
            rgb.Pixels[i] = r;
            rgb.Pixels[n + i] = g;
            rgb.Pixels[2 * n + i] = b;
        }
        return rgb;
    }

    /// <summary>|completed - truth| averaged over channels, coloured with the report colour map from 0 to <see cref="ErrorScaleMax"/>.</summary>
    public static ImageData ErrorMap(ImageData completed, ImageData truth)
    {
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentNullException.ThrowIfNull(truth);
        int n = truth.PlaneSize, channels = truth.Channels;
        var map = ImageData.Zeros(3, truth.Height, truth.Width);
        for (int i = 0; i < n; i++)
        {
            double error = 0;
            for (int c = 0; c < channels; c++) error += Math.Abs(completed.Pixels[c * n + i] - truth.Pixels[c * n + i]);
            var color = ReportStyle.ColormapColor(error / channels / ErrorScaleMax);
            map.Pixels[i] = color.R / 255f;
            map.Pixels[n + i] = color.G / 255f;
            map.Pixels[2 * n + i] = color.B / 255f;
        }
        return map;
    }

    /// <summary>A colour copy (gray replicated into R, G and B).</summary>
    public static ImageData ToRgb(ImageData image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 3) return image.Clone();
        int n = image.PlaneSize;
        var rgb = new float[3 * n];
        for (int c = 0; c < 3; c++) Array.Copy(image.Pixels, 0, rgb, c * n, n);
        return new ImageData(3, image.Height, image.Width, rgb);
    }
}
