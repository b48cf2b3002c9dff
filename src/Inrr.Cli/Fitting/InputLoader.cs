using Inrr.Cli.Specs;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Cli.Fitting;

/// <summary>
/// Reads an image, its mask and its ground truth at the working size, turning every engine error into an
/// <see cref="InputException"/> that names the argument at fault.
/// </summary>
internal static class InputLoader
{
    /// <summary>Loads one completion input.</summary>
    /// <param name="imagePath">The image to complete.</param>
    /// <param name="mask">The mask spec (generated masks are made at the working size).</param>
    /// <param name="rule">How a mask image is read.</param>
    /// <param name="truthPath">The clean image, if known.</param>
    /// <param name="size">The working size; null keeps the image's own.</param>
    /// <param name="color">Gray or RGB.</param>
    /// <param name="imageArgument">How the image is named in errors (<c>IMAGE</c>, or a batch file name).</param>
    /// <exception cref="InputException">Any input cannot be read or does not fit the others.</exception>
    public static ReportInput Load(string imagePath, MaskSpec mask, MaskImageRule rule, string? truthPath,
        SizeSpec? size, ImageColorMode color, string imageArgument = "IMAGE")
    {
        var image = ReadImage(imagePath, size, color, imageArgument);
        if (mask is AlphaMaskSpec alpha) mask = alpha with { ImagePath = imagePath }; // this image's own transparency
        var holes = CreateMask(mask, image.Height, image.Width, rule);
        ImageData? truth = null;
        string truthSource = "none (no metrics: give --truth to measure)";
        if (truthPath is not null)
        {
            // The truth is read at the image's size, so a truth file of another size is resized alike.
            truth = ReadImage(truthPath, size ?? new SizeSpec(image.Width, image.Height), color, "--truth");
            truthSource = $"--truth {Path.GetFileName(truthPath)}";
        }
        else if (mask.HidesPixelsOfCompleteImage)
        {
            truth = image;
            truthSource = "the input image (the generated mask hides pixels of a complete image)";
        }
        return new ReportInput(Path.GetFileName(imagePath), holes.Apply(image), holes, truth, truthSource);
    }

    /// <summary>Reads an image file, resized when a size is given.</summary>
    /// <exception cref="InputException">The file is missing or is not a decodable image.</exception>
    public static ImageData ReadImage(string path, SizeSpec? size, ImageColorMode color, string argument)
    {
        try
        {
            // The engine reads at full precision (a 16-bit PNG keeps its 16 bits).
            return size is SizeSpec s ? ImageIO.LoadResized(path, s.Height, s.Width, color) : ImageIO.Load(path, color);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InputException(argument, e.Message, e);
        }
    }

    /// <summary>Builds the mask at the image's size and checks that it leaves something to fit and to complete.</summary>
    /// <exception cref="InputException">The mask does not fit the image or cannot be read.</exception>
    public static Mask CreateMask(MaskSpec spec, int height, int width, MaskImageRule rule)
    {
        try
        {
            var mask = spec.Create(height, width, rule);
            mask.EnsureUsableFor(height, width, "mask");
            return mask;
        }
        catch (ArgumentException e)
        {
            // The engine appends "(Parameter 'x')" to argument errors; the user knows the option, not the parameter.
            throw new InputException("--mask", $"{spec}: {Unparameterised(e)}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InputException("--mask", e.Message, e);
        }
    }

    /// <summary>
    /// For a mask file read at another size than its own: "mask file WxH, X % missing -> WxH, Y % missing (nearest
    /// neighbour)", so a changed share of holes is seen; else null.
    /// </summary>
    public static string? DescribeResize(MaskSpec spec, MaskImageRule rule, Mask resized)
    {
        if (spec is not FileMaskSpec file) return null;
        try
        {
            var own = MaskFactory.FromFile(file.Path, rule: rule);
            if (own.Height == resized.Height && own.Width == resized.Width) return null;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"mask file {own.Width}x{own.Height}, {own.MissingFraction:P1} missing -> {resized.Width}x{resized.Height}, {resized.MissingFraction:P1} missing (nearest neighbour)");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// For an image with transparent or translucent pixels completed under another mask: a note that their alpha is
    /// dropped (their colour is used as it is) and that <c>--mask alpha</c> completes them instead; else null.
    /// </summary>
    public static string? DescribeDroppedAlpha(string imagePath, MaskSpec mask)
    {
        if (mask is AlphaMaskSpec) return null;
        try
        {
            int translucent = MaskFactory.FromFile(imagePath, rule: MaskImageRule.AlphaObserved).MissingCount; // alpha below 255
            return translucent == 0 ? null
                : $"{Path.GetFileName(imagePath)} has {translucent} transparent or translucent pixels; their alpha is dropped and their colour used as it is (--mask alpha completes them instead).";
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }

    private static string Unparameterised(ArgumentException e)
    {
        string message = e.Message;
        int cut = e.ParamName is null ? -1 : message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        // ArgumentOutOfRangeException adds "Actual value was ..." on its own line.
        int line = message.IndexOf('\n', StringComparison.Ordinal);
        return (line >= 0 ? message[..line] : message).Trim();
    }
}
