using System.ComponentModel;
using Inrr.Cli.Specs;
using Inrr.Torch.Masks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Settings;

/// <summary>One image and its mask (and optionally its ground truth): what <c>complete</c> and <c>compare</c> read.</summary>
internal abstract class MaskedImageSettings : FitSettings
{
    [CommandArgument(0, "<IMAGE>")]
    [Description("The image to complete (PNG, JPEG, BMP, GIF, WebP).")]
    public string Image { get; init; } = "";

    [CommandOption("-m|--mask <SPEC>")]
    [Description("Which pixels are missing: random:RATE[[,SEED]], patch:X,Y,W,H[[;...]], text:TEXT, grid:STRIDE, strokes[[:FRACTION[[,SEED]]]], blocks[[:FRACTION[[,SEED]]]], alpha (the image's own transparent pixels), or a mask image (white = observed). A generated mask hides pixels of a complete image, which then serves as ground truth.")]
    public string? Mask { get; init; }

    [CommandOption("--mask-rule <RULE>")]
    [Description("How a mask image is read: ExactWhiteObserved (the paper's), ExactWhiteMissing, AlphaObserved, NonBlackObserved.")]
    [DefaultValue(MaskImageRule.ExactWhiteObserved)]
    public MaskImageRule MaskRule { get; init; } = MaskImageRule.ExactWhiteObserved;

    [CommandOption("--truth <FILE>")]
    [Description("The clean image, when known: metrics and error maps are computed against it.")]
    public string? Truth { get; init; }

    /// <summary>Every file this command reads, as the command line names it: no output may be one of them.</summary>
    public IEnumerable<Output.OutputGuard.Input> InputFiles()
    {
        yield return new("IMAGE", Image);
        if (MaskSpec is FileMaskSpec file) yield return new("--mask", file.Path);
        if (Truth is not null) yield return new("--truth", Truth);
    }

    /// <summary>The parsed <see cref="Mask"/> (validated before the command runs).</summary>
    public MaskSpec MaskSpec => MaskSpec.Parse(Mask ?? throw new InvalidOperationException("--mask was not validated."));

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful) return common;
        if (string.IsNullOrWhiteSpace(Image)) return Error("IMAGE", "give the image to complete.");
        if (!File.Exists(Image)) return Error("IMAGE", $"file '{Image}' does not exist.");
        if (Mask is null) return Error("--mask", $"give the missing pixels: {MaskSpec.Forms}.");
        if (!Enum.IsDefined(MaskRule)) return Error("--mask-rule", $"'{MaskRule}' is not a mask rule.");
        if (Truth is not null && !File.Exists(Truth)) return Error("--truth", $"file '{Truth}' does not exist.");
        return Check("--mask", Mask, s => MaskSpec.Parse(s)) ?? ValidationResult.Success();
    }
}
