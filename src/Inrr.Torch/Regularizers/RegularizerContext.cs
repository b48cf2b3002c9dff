using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>What a regulariser may look at when it is built for one image.</summary>
/// <param name="Observed">The image as observed (holes hold arbitrary values).</param>
/// <param name="Mask">Which pixels are observed.</param>
/// <param name="Representation">The representation being fitted.</param>
/// <param name="Generator">Random source for initialisation, seeded by the fit.</param>
public sealed record RegularizerContext(ImageData Observed, Mask Mask, ImageRepresentation Representation, Generator Generator);
