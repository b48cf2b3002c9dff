using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// Something with trainable parameters that renders a whole C x H x W image: an INR evaluated on the pixel grid,
/// or a matrix factorisation. The fitter only sees this class, so any representation can carry any regulariser.
/// </summary>
public abstract class ImageRepresentation : nn.Module
{
    /// <summary>Creates the representation of a <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/> image.</summary>
    protected ImageRepresentation(string name, int channels, int height, int width) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Channels of the rendered image.</summary>
    public int Channels { get; }

    /// <summary>Rows of the rendered image.</summary>
    public int Height { get; }

    /// <summary>Columns of the rendered image.</summary>
    public int Width { get; }

    /// <summary>Renders the whole image, shape [C, H, W].</summary>
    public abstract Tensor Render();

    /// <summary>
    /// Whether <see cref="Render(int, int)"/> accepts other sizes than the image's: true for coordinate networks
    /// (an INR is a function of position, so it can be sampled on a coarser grid), false for a factorisation.
    /// </summary>
    public virtual bool IsResolutionFree => false;

    /// <summary>
    /// Renders the image sampled on a <paramref name="height"/> x <paramref name="width"/> grid of cell centres
    /// covering the same extent, shape [C, height, width]. Used by coarse-to-fine fitting.
    /// </summary>
    /// <exception cref="NotSupportedException">The size differs and the representation is not resolution-free.</exception>
    public virtual Tensor Render(int height, int width) =>
        height == Height && width == Width ? Render()
            : throw new NotSupportedException($"{GetType().Name} renders only its own size {Height}x{Width}.");
}
