using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using OpenCvSharp;

namespace Inrr.Torch.Classical;

/// <summary>OpenCV's classical inpainting algorithms (<c>cv::inpaint</c> and <c>cv::xphoto::inpaint</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClassicalInpaintMethod>))]
public enum ClassicalInpaintMethod
{
    /// <summary>Telea 2004: fast marching from the hole's edge, each pixel a weighted average of known neighbours.</summary>
    Telea,

    /// <summary>Bertalmio et al. 2001: isophotes continued into the hole along Navier-Stokes fluid dynamics.</summary>
    NavierStokes,

    /// <summary>
    /// Seiler, Jonscher, Kaup et al.: Frequency Selective Reconstruction (OpenCV contrib's <c>xphoto::inpaint</c>, fast
    /// profile). Each block around missing pixels is modelled as a sparse sum of Fourier basis functions fitted to its known
    /// pixels, so texture and edges continue into the holes instead of being smoothed; about a second per 256 x 256 picture
    /// with thin holes, several with half the pixels missing. Works on 8-bit values: the known pixels are rounded to the
    /// nearest of 256 levels first.
    /// </summary>
    FrequencySelective,
}
