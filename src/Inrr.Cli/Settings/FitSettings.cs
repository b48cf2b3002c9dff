using System.ComponentModel;
using Inrr.Cli.Specs;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Settings;

/// <summary>
/// The options every command that fits shares: where the settings start (preset or options file), what
/// represents the image, how long and how reproducibly it is fitted, and at what size and colour.
/// </summary>
internal abstract class FitSettings : CommandSettings
{
    /// <summary>The preset names as the command line takes them, from the enum.</summary>
    public static string PresetNames => string.Join(", ", Enum.GetNames<CompletionPreset>().Select(n => n.ToLowerInvariant()));

    [CommandOption("--preset <PRESET>")]
    [Description("Starting settings: [green]guided[/] (the default: INRR guided by a classical fill, under a minute at 256x256), [green]fast[/] (INRR alone, longer) or [green]paper[/] (the paper's run exactly; hours). The report's options-METHOD.json shows every value.")]
    [DefaultValue(CompletionPreset.Guided)]
    public CompletionPreset Preset { get; init; } = CompletionPreset.Guided;

    [CommandOption("--options <FILE>")]
    [Description("A CompletionOptions JSON file (as written into every report) to start from instead of the preset; the other options still apply on top.")]
    public string? OptionsFile { get; init; }

    [CommandOption("--representation <SPEC>")]
    [Description("What represents the image: siren, siren:LAYERSxWIDTH, fourier, fourier:LAYERSxWIDTH, dmf, dmf:DEPTH. Default: the preset's.")]
    public string? Representation { get; init; }

    [CommandOption("--lr <RATE>")]
    [Description("Learning rate of the representation. Default: the preset's.")]
    public double? LearningRate { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Optimisation steps, exactly (the guided preset otherwise gives pictures under 256x256 up to 4x its steps). Default: the preset's (the demo has its own).")]
    public int? Steps { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed of every random initialisation: the same seed, options and input give the same numbers.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Torch threads. Default: half the logical cores (at least 1), because all of them slow down badly when anything else runs; 0 = torch's default (all cores).")]
    public int? Threads { get; init; }

    [CommandOption("--max-memory <SIZE>")]
    [Description("The memory a fit may use (e.g. 4G, 512M); a fit estimated to need more is refused before it starts, with the --size that fits. Default: what the machine has available.")]
    public string? MaxMemory { get; init; }

    /// <summary>The parsed <see cref="MaxMemory"/> in bytes, 0 for what is available.</summary>
    public long MaxMemoryBytes => MaxMemory is null ? 0 : ParseBytes(MaxMemory);

    /// <summary>Bytes from <c>4G</c>, <c>512M</c>, <c>100K</c> or a plain number (powers of 1024).</summary>
    internal static long ParseBytes(string text)
    {
        string t = text.Trim().ToUpperInvariant().TrimEnd('B');
        int shift = t.EndsWith('K') ? 10 : t.EndsWith('M') ? 20 : t.EndsWith('G') ? 30 : t.EndsWith('T') ? 40 : 0;
        if (shift > 0) t = t[..^1];
        if (!double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            || !(value > 0) || !double.IsFinite(value) || value * Math.Pow(2, shift) > long.MaxValue / 2)
            throw new FormatException($"Expected a size such as 4G, 512M or 100000000; got '{text}'.");
        return (long)(value * Math.Pow(2, shift));
    }

    [CommandOption("--log-every <N>")]
    [Description("Steps between two points of the curves and two progress updates. Default: steps / 100.")]
    public int? LogEvery { get; init; }

    [CommandOption("--size <SIZE>")]
    [Description("Fit at this size, N or WIDTHxHEIGHT (images and mask files are resized bilinearly). Default: the image's own size.")]
    public string? Size { get; init; }

    [CommandOption("--color <MODE>")]
    [Description("[green]gray[/] (one channel, as the paper) or [green]rgb[/].")]
    [DefaultValue(ImageColorMode.Gray)]
    public ImageColorMode Color { get; init; } = ImageColorMode.Gray;

    /// <summary>The parsed <see cref="Size"/>, or null for the image's own size.</summary>
    public SizeSpec? WorkingSize => Size is null ? null : SizeSpec.Parse(Size);

    /// <summary>The parsed <see cref="Representation"/>, or null for the preset's.</summary>
    public RepresentationSpec? RepresentationSpec => Representation is null ? null : Specs.RepresentationSpec.Parse(Representation);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (!Enum.IsDefined(Preset)) return Error("--preset", $"'{Preset}' is not a preset; use {PresetNames}.");
        if (!Enum.IsDefined(Color)) return Error("--color", $"'{Color}' is not a colour mode; use gray or rgb.");
        if (OptionsFile is not null && !File.Exists(OptionsFile)) return Error("--options", $"file '{OptionsFile}' does not exist.");
        if (LearningRate is double lr && !(lr > 0 && double.IsFinite(lr))) return Error("--lr", $"must be positive, got {lr}.");
        if (Steps is int steps && steps < 1) return Error("--steps", $"must be at least 1, got {steps}.");
        if (Threads is < 0) return Error("--threads", $"must be 0 (torch default) or positive, got {Threads}.");
        if (Threads > CompletionOptions.MaxThreads) return Error("--threads", $"at most {CompletionOptions.MaxThreads}: more threads than cores only wait for each other; got {Threads}.");
        if (LogEvery is int every && every < 1) return Error("--log-every", $"must be at least 1, got {every}.");
        return Check("--size", Size, s => SizeSpec.Parse(s))
            ?? Check("--max-memory", MaxMemory, s => ParseBytes(s))
            ?? Check("--representation", Representation, s => Specs.RepresentationSpec.Parse(s))
            ?? ValidationResult.Success();
    }

    /// <summary>A validation error that names the option, as every usage error of the tool does.</summary>
    protected static ValidationResult Error(string option, string message) => ValidationResult.Error($"{option}: {message}");

    /// <summary>Runs a spec parser on an optional value; a <see cref="FormatException"/> becomes an error naming the option.</summary>
    protected static ValidationResult? Check(string option, string? value, Action<string> parse)
    {
        if (value is null) return null;
        try
        {
            parse(value);
            return null;
        }
        catch (FormatException e)
        {
            return Error(option, e.Message);
        }
    }
}
