using System.ComponentModel;
using Inrr.Cli.Specs;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Runtime;
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
    [PresetsDescription]
    [DefaultValue(CompletionPreset.Guided)]
    public CompletionPreset Preset { get; init; } = CompletionPreset.Guided;

    [CommandOption("--options <FILE>")]
    [Description("A CompletionOptions JSON file (as written into every report) to start from instead of the preset; the other options still apply on top.")]
    public string? OptionsFile { get; init; }

    [CommandOption("--representation <SPEC>")]
    [Description("What represents the image: " + Specs.RepresentationSpec.Forms + ". Default: the preset's.")]
    public string? Representation { get; init; }

    // Numbers are read as text and parsed here, so a bad value is reported with its option's name ("--lr: ...");
    // Spectre's own conversion says only "Failed to convert 'inf' to Nullable`1".

    [CommandOption("--lr <RATE>")]
    [Description("Learning rate of the representation. Default: the preset's.")]
    public string? LearningRateText { get; init; }

    /// <summary>The parsed <c>--lr</c>, or null for the preset's.</summary>
    public double? LearningRate => LearningRateText is null ? null : ParseNumber(LearningRateText, "a positive number such as 1e-3", v => v > 0);

    [CommandOption("--steps <N>")]
    [StepsDescription]
    public string? StepsText { get; init; }

    /// <summary>The parsed <c>--steps</c>, or null for the preset's.</summary>
    public int? Steps => StepsText is null ? null : ParseWhole(StepsText, "a whole number of at least 1", v => v >= 1);

    [CommandOption("--seed <N>")]
    [Description("Seed of every random initialisation: the same seed, options and input give the same numbers.")]
    [DefaultValue("0")]
    public string SeedText { get; init; } = "0";

    /// <summary>The parsed <c>--seed</c>.</summary>
    public int Seed => ParseWhole(SeedText, "a whole number", _ => true);

    [CommandOption("--threads <N>")]
    [Description("Torch threads, at most 256. Default: half the logical cores (at least 1), because all of them slow down badly when anything else runs; 0 = torch's default (all cores).")]
    public string? ThreadsText { get; init; }

    /// <summary>The parsed <c>--threads</c>, or null for the default.</summary>
    public int? Threads => ThreadsText is null ? null
        : ParseWhole(ThreadsText, $"0 (torch's default) to {CompletionOptions.MaxThreads} (more threads than cores only wait for each other)", v => v is >= 0 and <= CompletionOptions.MaxThreads);

    [CommandOption("--device <DEVICE>")]
    [Description("Where the networks are fitted: [green]cpu[/] (the default), [green]cuda[/] (the first GPU) or [green]cuda:N[/]. A GPU needs the tool built with -p:InrrTorchBackend=cuda. Classical fills run on the CPU.")]
    public string? Device { get; init; }

    /// <summary>Reading a parsed property runs its parser: a bad value throws the FormatException Check reports.</summary>
    private static void Parsed<T>(T value) => GC.KeepAlive(value);

    private static double ParseNumber(string text, string expected, Func<double, bool> valid) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
        && double.IsFinite(value) && valid(value)
            ? value
            : throw new FormatException($"expected {expected}, got '{text}'.");

    private static int ParseWhole(string text, string expected, Func<int, bool> valid) =>
        int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value) && valid(value)
            ? value
            : throw new FormatException($"expected {expected}, got '{text}'.");

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
    public string? LogEveryText { get; init; }

    /// <summary>The parsed <c>--log-every</c>, or null for steps / 100.</summary>
    public int? LogEvery => LogEveryText is null ? null : ParseWhole(LogEveryText, "a whole number of at least 1", v => v >= 1);

    [CommandOption("--size <SIZE>")]
    [Description("Fit at this size, N or WIDTHxHEIGHT (images and mask files are resized bilinearly). Default: the image's own size.")]
    public string? Size { get; init; }

    [CommandOption("--window <SIZE>")]
    [Description("A picture with a side longer than SIZE pixels is completed around its holes, in windows of at most SIZE x SIZE at its own resolution (only hole pixels change); [green]off[/] fits the whole picture in one fit. Default 256.")]
    public string? Window { get; init; }

    [CommandOption("--window-margin <N>")]
    [Description("Pixels of context around every hole inside a window. Default 32.")]
    public string? WindowMarginText { get; init; }

    [CommandOption("--window-overlap <N>")]
    [Description("Pixels over which neighbouring windows' fills are blended (0: a hard edge; at most twice the margin). Default 16.")]
    public string? WindowOverlapText { get; init; }

    /// <summary>The window options of <c>--window</c>, <c>--window-margin</c> and <c>--window-overlap</c> over <paramref name="current"/> (the preset's or the options file's); null for <c>--window off</c>.</summary>
    public WindowOptions? WindowsOver(WindowOptions? current)
    {
        if (Window is { } text && text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase)) return null;
        var windows = current ?? new WindowOptions();
        if (Window is { } size) windows = windows with { Size = ParseWhole(size, "a whole number of pixels (at least 32) or off", v => v >= 32) };
        if (WindowMarginText is { } margin) windows = windows with { Margin = ParseWhole(margin, "a whole number of pixels", v => v >= 0) };
        if (WindowOverlapText is { } overlap) windows = windows with { Overlap = ParseWhole(overlap, "a whole number of pixels", v => v >= 0) };
        return windows;
    }

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
        return Check("--lr", LearningRateText, _ => Parsed(LearningRate))
            ?? Check("--steps", StepsText, _ => Parsed(Steps))
            ?? Check("--seed", SeedText, _ => Parsed(Seed))
            ?? Check("--threads", ThreadsText, _ => Parsed(Threads))
            ?? Check("--log-every", LogEveryText, _ => Parsed(LogEvery))
            ?? Check("--device", Device, d => { if (!TorchRuntime.IsDeviceName(d)) throw new FormatException($"'{d}' is not a device: use cpu, cuda or cuda:N."); })
            ?? Check("--size", Size, s => SizeSpec.Parse(s))
            ?? Check("--max-memory", MaxMemory, s => ParseBytes(s))
            ?? Check("--representation", Representation, s => Specs.RepresentationSpec.Parse(s))
            ?? Check("--window", Window, _ => WindowsOver(null))
            ?? Check("--window-margin", WindowMarginText, _ => WindowsOver(null))
            ?? Check("--window-overlap", WindowOverlapText, _ => WindowsOver(null))
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
