using Inrr.Cli.Fitting;
using Inrr.Cli.Specs;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Cli.Batch;

/// <summary>Everything a batch run needs, resolved from the command line.</summary>
/// <param name="InputFolder">The images.</param>
/// <param name="OutputFolder">Completed PNGs and the record files.</param>
/// <param name="MasksFolder">One mask per image (same name), or null when <paramref name="Mask"/> applies to all.</param>
/// <param name="Mask">One mask spec for every image, or null with <paramref name="MasksFolder"/>.</param>
/// <param name="MaskRule">How mask images are read.</param>
/// <param name="TruthsFolder">One ground truth per image (same name), or null.</param>
/// <param name="Shard">This run's part of the images.</param>
/// <param name="Overwrite">Complete images again even when their output exists.</param>
/// <param name="Size">The working size, or null for each image's own.</param>
/// <param name="Color">Gray or RGB.</param>
/// <param name="Method">The method every image is completed with.</param>
/// <param name="CommandLine">The reproducing command line, kept in the record file.</param>
/// <param name="PicturesPerFit">Pictures of one size fitted together (<see cref="Inrr.Torch.Fitting.BatchCompletionFitter"/>); 1 = one at a time.</param>
internal sealed record BatchJob(
    string InputFolder,
    string OutputFolder,
    string? MasksFolder,
    MaskSpec? Mask,
    MaskImageRule MaskRule,
    string? TruthsFolder,
    ShardSpec Shard,
    bool Overwrite,
    SizeSpec? Size,
    ImageColorMode Color,
    MethodRun Method,
    string CommandLine,
    int PicturesPerFit = 1);
