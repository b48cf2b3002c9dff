using Inrr.Torch.Representations;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>
/// INRR's tiny INR over a 1-D coordinate: S = softmax(psi(t)) with t = linspace(-1, 1, k), so each of the k
/// rows (or columns) gets a distribution over r "prototypes" and A = S S^T links rows with similar
/// distributions. Because psi is smooth in t, nearby rows get similar neighbourhoods, while far-apart rows can
/// still be linked (self-similarity).
/// </summary>
public sealed class AdjacencyInr : TorchSharp.torch.nn.Module
{
    private readonly Siren psi;
    private Tensor coordinates; // not readonly: Module.to replaces the buffer (devices, types)

    /// <summary>Creates psi: 1 -> width (<paramref name="layers"/> sine layers, first w0 <paramref name="firstOmega"/>) -> r.</summary>
    public AdjacencyInr(int count, int rank, int width, int layers, double firstOmega, double hiddenOmega, Generator generator)
        : base(nameof(AdjacencyInr))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        psi = new Siren(1, width, layers, rank, firstOmega, hiddenOmega, OutputActivation.Identity, generator);
        coordinates = linspace(-1, 1, count).unsqueeze(1);
        // The same coordinate rule as the image grid, so a coarse stage of the fit sees a coarse sampling of psi.
        // Persistent: TorchSharp 0.107's Module.to skips non-persistent buffers, and a device move must take this along (DeviceTests).
        register_buffer(nameof(coordinates), coordinates);
        RegisterComponents();
    }

    /// <summary>psi, the tiny SIREN (read by the batched fit).</summary>
    internal Siren Psi => psi;

    /// <summary>k, the number of rows or columns it relates.</summary>
    public int Count { get; }

    /// <summary>S = softmax(psi(t)), k x r; each row sums to 1.</summary>
    public Tensor Factor() => nn.functional.softmax(psi.forward(coordinates), dim: 1);

    /// <summary>S sampled at <paramref name="samples"/> cell centres along the axis (a coarser grid), samples x r.</summary>
    public Tensor Factor(int samples)
    {
        if (samples == Count) return Factor();
        var t = Coordinates(samples, Count).unsqueeze(1).to(coordinates.device);
        return nn.functional.softmax(psi.forward(t), dim: 1);
    }

    /// <summary>
    /// The coordinates t psi is evaluated at for <paramref name="samples"/> samples of an axis of <paramref name="count"/>
    /// rows or columns, [samples]: linspace(-1, 1, count) at full size, else the cell centres of the coarser grid (the
    /// image grid's rule, so a coarse stage sees a coarse sampling of psi).
    /// </summary>
    internal static Tensor Coordinates(int samples, int count) =>
        samples == count ? linspace(-1, 1, count) : Representations.CoordinateRepresentation.AxisCoordinates(samples, count);
}
