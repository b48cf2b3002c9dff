using Inrr.MLNet.Internal;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>An evaluated row's pictures, for reports (<c>ImageCompletionReports.WriteReport</c>, the Inrr.MLNet.Reporting package).</summary>
/// <param name="Truth">The clean image.</param>
/// <param name="Completed">The completed image.</param>
/// <param name="Mask">1 observed, 0 hole.</param>
public sealed record ImageCompletionImages(ImageData Truth, ImageData Completed, Mask Mask);
