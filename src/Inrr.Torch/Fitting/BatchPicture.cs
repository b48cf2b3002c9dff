using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>One picture of a batched fit: the observed image, its mask and, if known, the clean image.</summary>
public sealed record BatchPicture(ImageData Image, Mask Mask, ImageData? Truth = null);
