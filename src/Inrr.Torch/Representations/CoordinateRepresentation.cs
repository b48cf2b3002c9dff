using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// An implicit neural representation: a coordinate network evaluated at every pixel of the grid
/// x = linspace(-1, 1, W) over columns, y = linspace(-1, 1, H) over rows, all pixels as one batch.
/// </summary>
public sealed class CoordinateRepresentation : ImageRepresentation
{
    private readonly nn.Module<Tensor, Tensor> network;
    private Tensor grid; // not readonly: Module.to replaces the buffer (devices, types)
    private readonly Dictionary<(int, int), Tensor> otherGrids = new();

    /// <summary>Wraps <paramref name="network"/> (2 inputs, <paramref name="channels"/> outputs).</summary>
    public CoordinateRepresentation(nn.Module<Tensor, Tensor> network, int channels, int height, int width)
        : base(nameof(CoordinateRepresentation), channels, height, width)
    {
        this.network = network;
        grid = PixelGrid(height, width, height, width);
        // Persistent: TorchSharp 0.107's Module.to skips non-persistent buffers, and a device move must take this along (DeviceTests).
        register_buffer(nameof(grid), grid);
        RegisterComponents();
    }

    /// <summary>The coordinate network.</summary>
    public nn.Module<Tensor, Tensor> Network => network;

    /// <summary>
    /// The coordinates of a <paramref name="height"/> x <paramref name="width"/> sampling of an image of
    /// <paramref name="fullHeight"/> x <paramref name="fullWidth"/> pixels as an [height*width, 2] tensor of (x, y)
    /// pairs, row-major. At full size these are the reference's x = linspace(-1, 1, W), y = linspace(-1, 1, H);
    /// on a coarser grid each sample sits at the centre of the full-size pixels it stands for.
    /// </summary>
    public static Tensor PixelGrid(int height, int width, int fullHeight, int fullWidth)
    {
        using var scope = NewDisposeScope();
        var ys = AxisCoordinates(height, fullHeight);
        var xs = AxisCoordinates(width, fullWidth);
        var mesh = meshgrid(new[] { ys, xs }, indexing: "ij");
        return stack(new[] { mesh[1].flatten(), mesh[0].flatten() }, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="count"/> coordinates along an axis of <paramref name="fullCount"/> pixels at -1 ... 1:
    /// sample j sits at full-size pixel position (j + 0.5) * fullCount / count - 0.5.
    /// </summary>
    public static Tensor AxisCoordinates(int count, int fullCount)
    {
        if (fullCount == 1) return zeros(count);
        // Computed here and handed over as one tensor: no double-to-Scalar conversions left to the garbage collector.
        var coordinates = new float[count];
        for (int j = 0; j < count; j++)
        {
            double position = (j + 0.5) * ((double)fullCount / count) - 0.5;
            coordinates[j] = (float)(position * (2.0 / (fullCount - 1)) - 1);
        }
        return tensor(coordinates);
    }

    /// <inheritdoc />
    public override Tensor Render() => Render(grid, Height, Width);

    /// <inheritdoc />
    public override bool IsResolutionFree => true;

    /// <inheritdoc />
    public override Tensor Render(int height, int width)
    {
        if (height == Height && width == Width) return Render();
        if (!otherGrids.TryGetValue((height, width), out var g) || g.device_type != grid.device_type || g.device_index != grid.device_index || g.dtype != grid.dtype)
        {
            g?.Dispose(); // made before the module moved to another device or type
            otherGrids[(height, width)] = g = PixelGrid(height, width, Height, Width).to(grid.dtype, grid.device).DetachFromDisposeScope();
        }
        return Render(g, height, width);
    }

    private Tensor Render(Tensor coordinates, int height, int width) =>
        network.forward(coordinates)   // [h*w, C]
            .t()                       // [C, h*w]
            .reshape(Channels, height, width);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var g in otherGrids.Values) g.Dispose();
            otherGrids.Clear();
        }
        base.Dispose(disposing);
    }
}
