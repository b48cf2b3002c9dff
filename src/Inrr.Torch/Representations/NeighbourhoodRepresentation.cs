using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// The paper's INR-Z: a coordinate network whose input at each pixel is its coordinate concatenated with the
/// observed values around it, z = the k x k neighbourhood without the pixel itself. A hole's neighbours that are
/// observed tell the network what surrounds it, so it learns a local completion rule from the observed pixels (whose
/// neighbourhoods it sees with their own values left out) as well as a function of position.
/// </summary>
/// <remarks>
/// Per neighbour the input holds 2v - 1 where the neighbour is observed (0 where it is not) and a flag, +1 observed
/// / -1 not, so "missing" is never mistaken for a dark pixel. The neighbourhood comes from the pixels the data term
/// uses (held-out pixels are missing to it too), is fixed for the fit, and exists only on the pixel grid: INR-Z
/// renders its own size only.
/// </remarks>
public sealed class NeighbourhoodRepresentation : ImageRepresentation
{
    private readonly nn.Module<Tensor, Tensor> network;
    private Tensor inputs; // [H*W, 2 + (C + 1)(k*k - 1)]; not readonly: Module.to replaces the buffer (devices, types)

    /// <summary>Wraps <paramref name="network"/> (<see cref="InputFeatures"/> inputs, channels outputs) over <paramref name="observed"/> where <paramref name="known"/> is 1.</summary>
    public NeighbourhoodRepresentation(nn.Module<Tensor, Tensor> network, ImageData observed, Mask known, int neighbourhood)
        : base(nameof(NeighbourhoodRepresentation), observed.Channels, observed.Height, observed.Width)
    {
        this.network = network;
        inputs = Inputs(observed, known, neighbourhood);
        // Persistent: TorchSharp 0.107's Module.to skips non-persistent buffers, and a device move must take this along (DeviceTests).
        register_buffer(nameof(inputs), inputs);
        RegisterComponents();
    }

    /// <summary>Inputs per pixel for <paramref name="channels"/> channels and a k x k neighbourhood: the coordinate, then value and flag per neighbour.</summary>
    public static int InputFeatures(int channels, int neighbourhood) => 2 + (channels + 1) * (neighbourhood * neighbourhood - 1);

    /// <summary>The network input, [H*W, <see cref="InputFeatures"/>], row-major over the pixels.</summary>
    public static Tensor Inputs(ImageData observed, Mask known, int neighbourhood)
    {
        if (neighbourhood < 3 || neighbourhood % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(neighbourhood), neighbourhood, "The neighbourhood is an odd side of at least 3.");
        if (known.Height != observed.Height || known.Width != observed.Width)
            throw new ArgumentException($"The mask is {known.Height}x{known.Width} but the image is {observed.Height}x{observed.Width}.", nameof(known));
        int c = observed.Channels, h = observed.Height, w = observed.Width, k = neighbourhood, centre = k * k / 2;
        using var scope = NewDisposeScope();
        var flags = tensor(known.Values).reshape(1, 1, h, w);
        var values = tensor(known.Apply(observed).Pixels).reshape(1, c, h, w);
        using var two = 2.ToScalar();
        using var one = 1.ToScalar();
        // Outside the picture counts as not observed: zero padding gives value 0 and (2 x flag) 0, i.e. flag -1 below.
        var centred = (values * two - one) * flags;
        long padding = k / 2;
        var valueColumns = nn.functional.unfold(centred, k, padding: padding)[0];          // [c*k*k, h*w]
        var flagColumns = nn.functional.unfold(flags * two, k, padding: padding)[0] - one;   // +1 observed, -1 not
        var keep = tensor(Enumerable.Range(0, k * k).Where(i => i != centre).Select(i => (long)i).ToArray());
        var neighbourValues = valueColumns.reshape(c, k * k, h * w).index_select(1, keep).reshape(c * (k * k - 1), h * w);
        var neighbourFlags = flagColumns.index_select(0, keep);
        var grid = CoordinateRepresentation.PixelGrid(h, w, h, w);                               // [h*w, 2]
        return cat([grid, neighbourValues.t(), neighbourFlags.t()], dim: 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The network.</summary>
    public nn.Module<Tensor, Tensor> Network => network;

    /// <inheritdoc />
    public override Tensor Render() =>
        network.forward(inputs) // [h*w, C]
            .t()
            .reshape(Channels, Height, Width);
}
