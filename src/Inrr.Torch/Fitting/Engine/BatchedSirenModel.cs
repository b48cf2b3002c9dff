using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// B SIRENs and, with INRR, their row and column tiny INRs stacked into batched networks (every layer a [B, in, out]
/// weight, one batched product per layer), each picture with its own weights. Each network starts exactly as a single
/// fit builds it; INRR's energy is the regulariser's own (<see cref="InrrRegularizer.Energy"/>), batched.
/// </summary>
internal sealed class BatchedSirenModel : FitModel
{
    private readonly int count, channels, height, width;
    private readonly BatchedSiren network;
    private readonly BatchedSiren? rowPsi, columnPsi;
    private readonly Scalar? rowWeight, columnWeight;
    private readonly string? inrrName;
    private readonly double networkRate, inrrRate;
    private readonly Dictionary<(int, int), Tensor> grids = new();
    private readonly Device device;

    /// <summary>Why <paramref name="options"/> cannot be fitted by this model, or null when they can.</summary>
    public static string? Unsupported(CompletionOptions options)
    {
        if (options.Method != CompletionMethod.Network) return $"{options.Method} is a classical method: no network to batch";
        if (options.Representation is not SirenOptions) return $"batched fits take SIREN, not {options.Representation.Describe()}";
        if (options.Regularizers.Count > 1 || options.Regularizers.Any(r => r is not InrrOptions))
            return "batched fits take one INRR regulariser or none";
        return null;
    }

    /// <summary>Builds picture b's networks as a single fit of it would (a generator of the fit's seed each), then stacks them.</summary>
    public BatchedSirenModel(CompletionOptions options, IReadOnlyList<ImageData> observed, IReadOnlyList<Mask> masks, IReadOnlyList<Mask> train, Device device)
    {
        this.device = device;
        count = observed.Count;
        (channels, height, width) = (observed[0].Channels, observed[0].Height, observed[0].Width);
        networkRate = options.Representation.LearningRate;
        var sirens = new List<Siren>();
        var inrrs = new List<InrrRegularizer>();
        var representations = new List<ImageRepresentation>();
        try
        {
            for (int b = 0; b < count; b++)
            {
                using var generator = new Generator((ulong)options.Seed);
                var representation = options.Representation.Create(observed[b], train[b], generator);
                representations.Add(representation);
                sirens.Add((Siren)((CoordinateRepresentation)representation).Network);
                if (options.Regularizers.Count == 1)
                    inrrs.Add((InrrRegularizer)options.Regularizers[0].Create(new RegularizerContext(observed[b], masks[b], representation, generator)));
            }
            network = BatchedSiren.Stack(sirens);
            network.to(device);
            if (inrrs.Count > 0)
            {
                var parts = inrrs[0].Parts;
                rowPsi = BatchedSiren.Stack(inrrs.Select(r => r.Parts.Rows.Psi).ToList());
                columnPsi = BatchedSiren.Stack(inrrs.Select(r => r.Parts.Columns.Psi).ToList());
                rowPsi.to(device);
                columnPsi.to(device);
                rowWeight = parts.RowWeight.ToDouble().ToScalar();
                columnWeight = parts.ColumnWeight.ToDouble().ToScalar();
                inrrName = inrrs[0].Name;
                inrrRate = inrrs[0].LearningRate!.Value;
            }
        }
        finally
        {
            foreach (var r in inrrs) r.Dispose();
            foreach (var r in representations) r.Dispose();
        }
    }

    /// <inheritdoc />
    public override int Count => count;

    /// <inheritdoc />
    public override bool IsBatched => true;

    /// <inheritdoc />
    public override Tensor Render(int height, int width)
    {
        if (!grids.TryGetValue((height, width), out var grid))
            grids[(height, width)] = grid = CoordinateRepresentation.PixelGrid(height, width, this.height, this.width).to(device).DetachFromDisposeScope();
        return network.forward(grid.unsqueeze(0).expand(count, -1, -1)) // [B, h*w, C]
            .transpose(1, 2)
            .reshape(count, channels, height, width);
    }

    /// <inheritdoc />
    public override Tensor Render() => Render(height, width);

    /// <inheritdoc />
    public override IReadOnlyList<string> RegularizerNames => inrrName is null ? [] : [inrrName];

    /// <inheritdoc />
    public override IReadOnlyList<Tensor> RegularizerLosses(Tensor prediction)
    {
        if (rowPsi is null) return [];
        int h = (int)prediction.shape[2], w = (int)prediction.shape[3];
        return [InrrRegularizer.Energy(prediction, Factor(rowPsi, h, height), Factor(columnPsi!, w, width), rowWeight!, columnWeight!)];
    }

    /// <summary>S = softmax(psi(t)) of every picture, [B, samples, r], t as <see cref="AdjacencyInr"/> samples it.</summary>
    private Tensor Factor(BatchedSiren psi, int samples, int full)
    {
        var input = AdjacencyInr.Coordinates(samples, full).to(device).unsqueeze(1).unsqueeze(0).expand(count, -1, -1);
        return nn.functional.softmax(psi.forward(input), dim: 2);
    }

    /// <inheritdoc />
    public override IReadOnlyList<(IEnumerable<TorchSharp.Modules.Parameter> Parameters, double LearningRate)> ParameterGroups() =>
        rowPsi is null
            ? [(network.parameters(), networkRate)]
            // One optimiser for both tiny INRs, as a single fit has one for the regulariser's parameters.
            : [(network.parameters(), networkRate), (rowPsi.parameters().Concat(columnPsi!.parameters()), inrrRate)];

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Value)> StateTensors()
    {
        foreach (var (name, value) in network.state_dict()) yield return ($"network/{name}", value);
        if (rowPsi is null) yield break;
        foreach (var (name, value) in rowPsi.state_dict()) yield return ($"rows/{name}", value);
        foreach (var (name, value) in columnPsi!.state_dict()) yield return ($"columns/{name}", value);
    }

    /// <inheritdoc />
    public override IReadOnlyList<AdjacencySnapshot> Adjacency(int picture)
    {
        if (rowPsi is null) return [];
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return [new AdjacencySnapshot(inrrName!,
            TensorReadback.ToMatrix(DirichletEnergy.AdjacencyFromFactor(Factor(rowPsi, height, height)[picture])),
            TensorReadback.ToMatrix(DirichletEnergy.AdjacencyFromFactor(Factor(columnPsi!, width, width)[picture])))];
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        network.Dispose();
        rowPsi?.Dispose();
        columnPsi?.Dispose();
        rowWeight?.Dispose();
        columnWeight?.Dispose();
        foreach (var g in grids.Values) g.Dispose();
    }
}
