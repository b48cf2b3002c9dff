using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>
/// B SIRENs of one shape evaluated together: every layer's weights are a [B, in, out] tensor and the layer is one
/// batched matrix product, sin(w0 (x W_b + b_b)) for each network b. Built from B ordinary <see cref="Siren"/>s, whose
/// weights it copies, so network b starts exactly where a separate fit of picture b starts.
/// </summary>
internal sealed class BatchedSiren : nn.Module<Tensor, Tensor>
{
    private readonly List<(Parameter Weight, Parameter Bias)> layers = new();
    private readonly Scalar[] omegas; // held for the module's life (see SineLayer)
    private readonly OutputActivation activation;

    private BatchedSiren(IReadOnlyList<Siren> networks) : base(nameof(BatchedSiren))
    {
        var first = networks[0];
        activation = first.Activation;
        omegas = first.Layers.Select(l => l.Omega.ToScalar()).ToArray();
        int depth = first.Layers.Count;
        using (no_grad())
        {
            for (int l = 0; l <= depth; l++)
            {
                Linear Of(Siren s) => l < depth ? s.Layers[l].Linear : s.Output;
                // Linear keeps W as [out, in]; a batched product wants [in, out]: x [B, N, in] . W [B, in, out].
                var weight = stack(networks.Select(s => Of(s).weight!.t()).ToArray()).contiguous();
                var bias = stack(networks.Select(s => Of(s).bias!.unsqueeze(0)).ToArray()).contiguous();
                var w = new Parameter(weight);
                var b = new Parameter(bias);
                register_parameter($"weight{l}", w);
                register_parameter($"bias{l}", b);
                layers.Add((w, b));
            }
        }
        Count = networks.Count;
    }

    /// <summary>Stacks <paramref name="networks"/> (all of one shape) into one batched module; the networks are not changed.</summary>
    public static BatchedSiren Stack(IReadOnlyList<Siren> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (networks.Count == 0) throw new ArgumentException("At least one network.", nameof(networks));
        return new BatchedSiren(networks);
    }

    /// <summary>B, the number of networks.</summary>
    public int Count { get; }

    /// <summary>Evaluates network b on <paramref name="inputs"/>[b]: [B, N, in] -> [B, N, out].</summary>
    public override Tensor forward(Tensor inputs)
    {
        Tensor h = inputs;
        for (int l = 0; l < omegas.Length; l++)
            h = sin(omegas[l] * h.bmm(layers[l].Weight).Plus(layers[l].Bias));
        var (weight, bias) = layers[^1];
        return activation.Apply(h.bmm(weight).Plus(bias));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var omega in omegas) omega.Dispose();
        base.Dispose(disposing);
    }
}
