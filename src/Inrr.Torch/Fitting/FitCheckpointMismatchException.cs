
namespace Inrr.Torch.Fitting;

/// <summary>A checkpoint file that another fit saved (other options, another picture or mask): resuming from it would mix two fits.</summary>
public sealed class FitCheckpointMismatchException(string path)
    : InvalidOperationException($"The checkpoint {path} was saved by a fit of other options or other pictures; delete it or give this fit another checkpoint path.")
{
    /// <summary>The checkpoint file.</summary>
    public string Path { get; } = path;
}
