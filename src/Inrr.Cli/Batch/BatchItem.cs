namespace Inrr.Cli.Batch;

/// <summary>One image of a batch as planned: where it is read from and written to.</summary>
/// <param name="ImagePath">The input image.</param>
/// <param name="OutputPath">The completed PNG (its existence means "done": it is written atomically).</param>
/// <param name="MaskPath">The image's own mask file (with <c>--masks</c>), else null.</param>
/// <param name="TruthPath">The image's ground truth (with <c>--truths</c>), else null.</param>
/// <param name="Problem">Why the image cannot be processed (no mask file, a name clash), else null.</param>
internal sealed record BatchItem(string ImagePath, string OutputPath, string? MaskPath, string? TruthPath, string? Problem)
{
    /// <summary>The input's file name, the key of its record.</summary>
    public string Name => Path.GetFileName(ImagePath);
}
