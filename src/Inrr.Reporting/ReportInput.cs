using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Reporting;

/// <summary>One image ready to complete: what is observed, where the holes are, and the truth if known.</summary>
/// <param name="Name">A short name for reports and logs (the file name, or "facade" for the demo).</param>
/// <param name="Observed">The image with its holes set to 0 (what the fit sees).</param>
/// <param name="Mask">1 = observed, 0 = hole.</param>
/// <param name="Truth">The clean image, when known; metrics and error maps need it.</param>
/// <param name="TruthSource">Where the truth came from, said in reports ("--truth clean.png", "the input image", ...).</param>
public sealed record ReportInput(string Name, ImageData Observed, Mask Mask, ImageData? Truth, string TruthSource);
