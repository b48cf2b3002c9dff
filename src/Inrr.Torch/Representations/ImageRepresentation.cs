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
}

/// <summary>
/// An implicit neural representation: a coordinate network evaluated at every pixel of the grid
/// x = linspace(-1, 1, W) over columns, y = linspace(-1, 1, H) over rows, all pixels as one batch.
/// </summary>
public sealed class CoordinateRepresentation : ImageRepresentation
{
    private readonly nn.Module<Tensor, Tensor> network;
    private readonly Tensor grid;

    /// <summary>Wraps <paramref name="network"/> (2 inputs, <paramref name="channels"/> outputs).</summary>
    public CoordinateRepresentation(nn.Module<Tensor, Tensor> network, int channels, int height, int width)
        : base(nameof(CoordinateRepresentation), channels, height, width)
    {
        this.network = network;
        grid = PixelGrid(height, width);
        register_buffer(nameof(grid), grid, persistent: false);
        RegisterComponents();
    }

    /// <summary>The coordinate network.</summary>
    public nn.Module<Tensor, Tensor> Network => network;

    /// <summary>The pixel coordinates as an [H*W, 2] tensor of (x, y) pairs, row-major.</summary>
    public static Tensor PixelGrid(int height, int width)
    {
        using var scope = NewDisposeScope();
        var ys = linspace(-1, 1, height);
        var xs = linspace(-1, 1, width);
        var mesh = meshgrid(new[] { ys, xs }, indexing: "ij");
        return stack(new[] { mesh[1].flatten(), mesh[0].flatten() }, dim: 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor Render() =>
        network.forward(grid)          // [H*W, C]
            .t()                       // [C, H*W]
            .reshape(Channels, Height, Width);
}
