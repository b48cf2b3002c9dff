using System.ComponentModel;
using System.Globalization;
using Inrr.Cli.Fitting;
using Inrr.Cli.Output;
using Inrr.Cli.Reporting;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Reporting;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Commands;

/// <summary>
/// <c>inrr denoise</c>: the paper's second task. Every pixel is observed but noisy: either a clean picture with
/// seeded Gaussian noise added (<c>--sigma</c>; the clean picture then measures every method) or a noisy picture as
/// given (<c>--truth</c> optional). Each method fits all pixels and replaces them; a report shows PSNR and SSIM per
/// step, where a network learning the noise shows.
/// </summary>
internal sealed class DenoiseCommand(IAnsiConsole console) : Command<DenoiseCommand.Settings>
{
    /// <summary>The methods denoised with unless <c>--methods</c> says otherwise: vanilla, TV and INRR, the paper's comparison.</summary>
    public const string DefaultMethods = "none,tv,inrr";

    /// <summary>Held-out noisy pixels that choose each method's step unless <c>--holdout</c> says otherwise.</summary>
    public const double DefaultHoldout = 0.1;

    /// <summary>Options of <c>inrr denoise</c>.</summary>
    internal sealed class Settings : FitSettings
    {
        [CommandArgument(0, "<IMAGE>")]
        [Description("The picture: clean with --sigma (noise is added to it), else the noisy picture itself.")]
        public string Image { get; init; } = "";

        [CommandOption("--sigma <SIGMA>")]
        [Description("Add Gaussian noise of this standard deviation (in 0..1 pixel units: 0.1 = 25.5 of 255) to IMAGE, which is then the clean picture every method is measured against.")]
        public string? SigmaText { get; init; }

        /// <summary>The parsed <c>--sigma</c>, or null when IMAGE is already noisy.</summary>
        public double? Sigma => SigmaText is null ? null
            : double.TryParse(SigmaText, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 1
                ? v : throw new FormatException($"expected a standard deviation in (0, 1] such as 0.1, got '{SigmaText}'.");

        [CommandOption("--noise-seed <N>")]
        [Description("Seed of the added noise (with --sigma).")]
        [DefaultValue(0)]
        public int NoiseSeed { get; init; }

        [CommandOption("--truth <FILE>")]
        [Description("The clean picture of a noisy IMAGE, when known (not with --sigma, where IMAGE is the clean one).")]
        public string? Truth { get; init; }

        [CommandOption("--methods <LIST>")]
        [Description("Methods, comma-separated: none, inrr, air, tv, l2, cosine (each optionally :WEIGHT), combined with +. No telea/ns: they fill holes, and a noisy picture has none.")]
        [DefaultValue(DefaultMethods)]
        public string Methods { get; init; } = DefaultMethods;

        [CommandOption("--holdout <FRACTION>")]
        [Description("Noisy pixels held out of each fit to choose its step (the one that predicts them best): 0 = the last step. Default 0.1.")]
        public string? HoldoutText { get; init; }

        /// <summary>The parsed <c>--holdout</c>.</summary>
        public double Holdout => HoldoutText is null ? DefaultHoldout
            : double.TryParse(HoldoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 0 and < 0.5
                ? v : throw new FormatException($"expected a fraction in [0, 0.5) such as 0.1, got '{HoldoutText}'.");

        [CommandOption("-o|--out <FOLDER>")]
        [Description("The report folder (denoised-METHOD.png, noisy.png, clean.png, panels, curves, metrics).")]
        [DefaultValue("out/denoise")]
        public string Out { get; init; } = "out/denoise";

        /// <summary>Every file this command reads, as the command line names it.</summary>
        public IEnumerable<OutputGuard.Input> InputFiles()
        {
            yield return new("IMAGE", Image);
            if (Truth is not null) yield return new("--truth", Truth);
        }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful) return common;
            if (SigmaText is not null && Truth is not null)
                return Error("--truth", "with --sigma IMAGE is the clean picture: give --truth only for a picture that is noisy already.");
            if (string.IsNullOrWhiteSpace(Out)) return Error("--out", "give a folder for the report.");
            return Check("--sigma", SigmaText, _ => GC.KeepAlive(Sigma))
                ?? Check("--holdout", HoldoutText, _ => GC.KeepAlive(Holdout))
                ?? Check("--methods", Methods, m =>
                {
                    foreach (var spec in MethodSpec.ParseList(m))
                        if (spec.Method != CompletionMethod.Network || spec.Guided)
                            throw new FormatException($"'{spec.Label}' fills holes from their surroundings; a noisy picture has none. Use none, inrr, tv, l2, air or cosine.");
                })
                ?? ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        OutputGuard.FolderIsNoInput("--out", settings.Out, [], settings.InputFiles()); // before any fit
        OutputGuard.FolderIsWritable("--out", settings.Out);
        var methods = MethodSpec.ParseList(settings.Methods)
            .Select(m => new MethodRun(m.Label, FitOptionsFactory.Build(settings, m) with
            {
                HoldoutFraction = settings.Holdout, HoldoutShape = HoldoutShape.Random, EarlyStoppingPatience = 0,
            }))
            .ToList();
        // Denoising fits the whole picture (every pixel is noisy: there are no holes to put windows around).
        var whole = methods.Select(m => m with { Options = m.Options with { Windows = null } }).ToList();
        if (settings.WorkingSize is { } size) FitPlan.Check(whole, settings.Color.Channels(), size.Height, size.Width); // before decoding

        var picture = InputLoader.ReadImage(settings.Image, settings.WorkingSize, settings.Color, "IMAGE");
        ImageData noisy;
        ImageData? clean;
        string noise;
        if (settings.Sigma is double sigma)
        {
            clean = picture;
            noisy = GaussianNoise.Add(picture, sigma, settings.NoiseSeed);
            noise = string.Create(CultureInfo.InvariantCulture, $"Gaussian, sigma {sigma:0.###} ({sigma * 255:0.#} of 255), seed {settings.NoiseSeed}, clipped to [0, 1]");
        }
        else
        {
            noisy = picture;
            clean = settings.Truth is null ? null : InputLoader.ReadImage(settings.Truth, new SizeSpec(picture.Width, picture.Height), settings.Color, "--truth");
            noise = "as given (IMAGE is the noisy picture)";
        }
        FitPlan.Check(whole, noisy.Channels, noisy.Height, noisy.Width, console);
        string name = Path.GetFileName(settings.Image);
        var everyPixel = new Mask(noisy.Height, noisy.Width, Enumerable.Repeat(1f, noisy.Height * noisy.Width).ToArray());
        var input = new ReportInput(name, noisy, everyPixel, clean, clean is null ? "none" : settings.Truth ?? settings.Image);

        console.MarkupLine($"[bold]inrr denoise[/]: {Markup.Escape(name)} {noisy.Width}x{noisy.Height}, noise {Markup.Escape(noise)}; " +
            $"{methods.Count} methods (" + ProgressFitRunner.StepsSummary(methods, input) + string.Create(CultureInfo.InvariantCulture, $"), {settings.Holdout:P0} held out to choose the step."));
        if (clean is not null)
        {
            var before = Torch.Metrics.ImageMetrics.EvaluateWhole(noisy, clean);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"noisy picture: PSNR {before.Psnr:F2} dB, SSIM {before.Ssim:F4}"));
        }
        var outcomes = new ProgressFitRunner(console).Run(input, methods, cancellationToken: cancellationToken, denoise: true);
        string commandLine = CommandLine.Format(context.Name, settings);
        string report = DenoisingReportWriter.Write(new DenoisingReport($"inrr denoise: {name}", name, noisy, clean, noise, outcomes)
        {
            Producer = $"{CommandLine.ToolName} {typeof(DenoiseCommand).Assembly.GetName().Version?.ToString(3)}",
            Reproduce = [("Every option spelled out (the same seeds, options and input give the same numbers):", commandLine)],
        }, settings.Out);

        var table = new Table().AddColumns("method", "PSNR (dB)", "SSIM", "chosen step", "steps", "time (s)");
        foreach (var o in outcomes)
            table.AddRow(Markup.Escape(o.Label), F(o.Metrics?.Psnr, "0.00"), F(o.Metrics?.Ssim, "0.0000"),
                (o.Result.BestStep ?? o.Result.StepsRun - 1).ToString(CultureInfo.InvariantCulture),
                o.Result.StepsRun.ToString(CultureInfo.InvariantCulture), o.Result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        console.Write(table);
        ConsoleSummary.PrintReportLocation(console, report);
        return CliApplication.Success;
    }

    private static string F(double? value, string format) => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
