
namespace Inrr.Torch.Fitting;

/// <summary>A logged step of one picture of a batched fit.</summary>
/// <param name="Picture">The picture's index in the batch.</param>
/// <param name="Progress">Its step, as a single fit reports it.</param>
public sealed record BatchFitProgress(int Picture, FitProgress Progress);
