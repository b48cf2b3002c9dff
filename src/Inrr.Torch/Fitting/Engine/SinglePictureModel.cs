using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// One picture's representation (any: SIREN, Fourier features, INR-Z, DMF) and regularisers (any list) as a batch of one,
/// in the representation's own layout ([C, H, W], see <see cref="FitModel"/>).
/// </summary>
internal sealed class SinglePictureModel : FitModel
{
    private readonly Generator generator; // the fit's random source, kept for the regularisers that hold it
    private readonly ImageRepresentation representation;
    private readonly List<(string Name, Regularizer Module)> regularizers;
    private readonly double representationRate;

    /// <summary>
    /// Builds the networks from a generator of the fit's seed: the representation (it may read the training pixels,
    /// <paramref name="train"/>), then the regularisers, on the CPU, then moved: every device starts from the same weights.
    /// </summary>
    public SinglePictureModel(CompletionOptions options, ImageData observed, Mask mask, Mask train, Device device)
    {
        representationRate = options.Representation.LearningRate;
        generator = new Generator((ulong)options.Seed);
        representation = options.Representation.Create(observed, train, generator);
        representation.to(device);
        var context = new RegularizerContext(observed, mask, representation, generator);
        regularizers = Named(options.Regularizers.Select(r => r.Create(context)));
        foreach (var r in regularizers) r.Module.to(device);
    }

    /// <inheritdoc />
    public override int Count => 1;

    /// <inheritdoc />
    public override bool IsBatched => false;

    /// <inheritdoc />
    public override Tensor Render(int height, int width) => representation.Render(height, width);

    /// <inheritdoc />
    public override Tensor Render() => representation.Render();

    /// <inheritdoc />
    public override IReadOnlyList<string> RegularizerNames => regularizers.Select(r => r.Name).ToList();

    /// <inheritdoc />
    public override IReadOnlyList<Tensor> RegularizerLosses(Tensor prediction) =>
        regularizers.Select(r => r.Module.Loss(prediction)).ToList();

    /// <inheritdoc />
    public override IReadOnlyList<(IEnumerable<TorchSharp.Modules.Parameter> Parameters, double LearningRate)> ParameterGroups()
    {
        // One Adam per learning part: the representation, then each regulariser with parameters of its own.
        var groups = new List<(IEnumerable<TorchSharp.Modules.Parameter>, double)> { (representation.parameters(), representationRate) };
        foreach (var r in regularizers)
        {
            var parameters = r.Module.parameters().ToList();
            if (parameters.Count > 0 && r.Module.LearningRate is double lr) groups.Add((parameters, lr));
        }
        return groups;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Value)> StateTensors()
    {
        foreach (var (name, value) in representation.state_dict()) yield return ($"representation/{name}", value);
        for (int r = 0; r < regularizers.Count; r++)
            foreach (var (name, value) in regularizers[r].Module.state_dict()) yield return ($"regularizer{r}/{name}", value);
    }

    /// <inheritdoc />
    public override IReadOnlyList<AdjacencySnapshot> Adjacency(int picture)
    {
        var snapshots = new List<AdjacencySnapshot>();
        foreach (var r in regularizers)
            if (r.Module.Adjacency() is { } a) snapshots.Add(new AdjacencySnapshot(r.Name, a.Rows, a.Columns));
        return snapshots;
    }

    /// <summary>Each regulariser with the name it has in this fit: "tv", "tv-2", ... when one kind appears twice.</summary>
    private static List<(string Name, Regularizer Module)> Named(IEnumerable<Regularizer> modules)
    {
        var seen = new Dictionary<string, int>();
        var result = new List<(string, Regularizer)>();
        foreach (var r in modules)
        {
            int n = seen[r.Name] = seen.GetValueOrDefault(r.Name) + 1;
            result.Add((n == 1 ? r.Name : $"{r.Name}-{n}", r));
        }
        return result;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        foreach (var r in regularizers) r.Module.Dispose();
        representation.Dispose();
        generator.Dispose();
    }
}
