using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Where and how often a fit saves its whole state (every network's weights, the optimisers' moments and step counts,
/// the learning rates, the best held-out output, the moving average, the history), so that a fit that was killed,
/// cancelled or cut short by the end of a machine's time goes on from its last save instead of from step 0, to the
/// same numbers as a fit that was never interrupted. A fit given a checkpoint whose file exists resumes from it; the
/// file is replaced atomically at every <see cref="Interval"/>-th step, when the fit is cancelled and when it ends (a
/// finished fit's checkpoint gives its result again at once). Delete the file to start over.
/// </summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Interval">Steps between two saves. Default <see cref="DefaultInterval"/>.</param>
public sealed record FitCheckpoint(string Path, int Interval = FitCheckpoint.DefaultInterval)
{
    /// <summary>The default <see cref="Interval"/>: about 10 minutes of the paper's fit at 256 x 256 on 2 CPU cores, a few seconds to write.</summary>
    public const int DefaultInterval = 500;

    /// <summary>The step a fit resumes at from the checkpoint file at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint.</exception>
    public static int? ResumeStep(string path) => File.Exists(path) ? CheckpointFile.Read(path, withTensors: false).State.NextStep : null;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new ArgumentException("The checkpoint path is empty.", nameof(Path));
        if (Interval <= 0) throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "Steps between two checkpoints must be positive.");
    }
}
