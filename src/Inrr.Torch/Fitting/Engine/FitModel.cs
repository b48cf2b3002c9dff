using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// What <see cref="FitEngine"/> trains: the networks of B pictures of one size (a representation and its regularisers
/// each), seen through one batch dimension. A single fit is a batch of one (<see cref="SinglePictureModel"/>, any
/// representation and regulariser); <see cref="BatchedSirenModel"/> stacks B SIRENs and their INRRs into batched products.
/// Each picture's terms depend on its own weights alone, so a picture gets the same fit in either.
/// </summary>
/// <remarks>
/// Tensors of a batched model carry the batch dimension ([B, C, H, W], a [B] loss); those of a single picture keep the
/// representation's own layout ([C, H, W], a scalar loss), so its arithmetic, down to the order in which gradients
/// add up, is that of a fit of the picture alone and gives its numbers to the last bit.
/// </remarks>
internal abstract class FitModel : IDisposable
{
    /// <summary>B, the pictures.</summary>
    public abstract int Count { get; }

    /// <summary>Whether tensors carry a leading batch dimension (see the remarks).</summary>
    public abstract bool IsBatched { get; }

    /// <summary>Every picture rendered on an <paramref name="height"/> x <paramref name="width"/> grid of its extent, [B, C, h, w] (or [C, h, w]).</summary>
    public abstract Tensor Render(int height, int width);

    /// <summary>Every picture at full size, [B, C, H, W] (or [C, H, W]).</summary>
    public abstract Tensor Render();

    /// <summary>The regularisers' names, in the order of <see cref="RegularizerLosses"/> (the loss history's keys).</summary>
    public abstract IReadOnlyList<string> RegularizerNames { get; }

    /// <summary>Each regulariser's weighted penalty of <paramref name="prediction"/> per picture, [B] each (or a scalar).</summary>
    public abstract IReadOnlyList<Tensor> RegularizerLosses(Tensor prediction);

    /// <summary>The parameters that learn, one group per optimiser, with its learning rate.</summary>
    public abstract IReadOnlyList<(IEnumerable<TorchSharp.Modules.Parameter> Parameters, double LearningRate)> ParameterGroups();

    /// <summary>Every network's state (weights and buffers) by name, in a fixed order, for checkpoints.</summary>
    public abstract IEnumerable<(string Name, Tensor Value)> StateTensors();

    /// <summary>The row and column adjacencies picture <paramref name="picture"/>'s regularisers use now (none for most).</summary>
    public abstract IReadOnlyList<AdjacencySnapshot> Adjacency(int picture);

    /// <inheritdoc />
    public abstract void Dispose();
}
