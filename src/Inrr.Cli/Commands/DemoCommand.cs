using System.ComponentModel;
using System.Globalization;
using Inrr.Cli.Fitting;
using Inrr.Cli.Output;
using Inrr.Cli.Reporting;
using Inrr.Reporting;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Commands;

/// <summary>
/// <c>inrr demo</c>, the README's run command: the built-in facade picture with a caption drawn over it as
/// holes, completed by OpenCV's Telea, Navier-Stokes and Frequency Selective Reconstruction, vanilla SIREN and the default (INRR guided by a classical
/// fill), then the full report. No files, no download; measured on this project's 2-core machine with a benchmark
/// running beside it: about 30 s under tcmalloc (the tool relaunches itself under it when installed).
/// </summary>
internal sealed class DemoCommand(IAnsiConsole console) : Command<DemoCommand.Settings>
{
    /// <summary>The demo's picture size: large enough to show the windows, small enough for a quick run.</summary>
    public const int DefaultSize = 96;

    /// <summary>
    /// The demo's steps: by then the hole quality has settled at 96 x 96 (vanilla past its early peak and
    /// over-fitting, INRR level), and two fits stay well under two minutes on 2 cores.
    /// </summary>
    public const int DefaultSteps = 300;

    /// <summary>
    /// What a user choosing a tool compares: OpenCV's classical inpainters, vanilla SIREN and the default (INRR
    /// guided by a classical fill). INRR's weight is normalised to the picture's size by the engine, so the paper's
    /// 1e-6 acts at 96 x 96 as it does at 256 x 256.
    /// </summary>
    public const string DefaultMethods = "telea,ns,fsr,none,inrr+guide";

    /// <summary>The caption drawn as holes.</summary>
    public const string DefaultCaption = "INRR FILLS THE GAPS";

    /// <summary>
    /// Strokes of one pixel per 48 of the shorter side (2 at 96 x 96): the engine's default of one per 64 draws
    /// hairlines at demo sizes, which any method fills from the neighbouring pixels, so nothing would be shown.
    /// </summary>
    internal static int TextScale(SizeSpec size) => Math.Max(1, Math.Min(size.Width, size.Height) / 48);

    /// <summary>Options of <c>inrr demo</c>.</summary>
    internal sealed class Settings : FitSettings
    {
        /// <summary>Demo defaults for the shared options; given values replace them.</summary>
        public Settings()
        {
            Size = DefaultSize.ToString(CultureInfo.InvariantCulture);
            StepsText = DefaultSteps.ToString(CultureInfo.InvariantCulture);
        }

        [CommandOption("-o|--out <FOLDER>")]
        [Description("The report folder.")]
        [DefaultValue("out/demo")]
        public string Out { get; init; } = "out/demo";

        [CommandOption("--text <TEXT>")]
        [Description("The caption drawn over the picture as holes.")]
        [DefaultValue(DefaultCaption)]
        public string Text { get; init; } = DefaultCaption;

        [CommandOption("--methods <LIST>")]
        [Description("Methods to compare, comma-separated: " + MethodSpec.Names + ".")]
        [DefaultValue(DefaultMethods)]
        public string Methods { get; init; } = DefaultMethods;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful) return common;
            if (string.IsNullOrWhiteSpace(Out)) return Error("--out", "give a folder for the report.");
            if (WorkingSize is { } size && (size.Width < 16 || size.Height < 16))
                return Error("--size", $"the built-in picture needs at least 16x16, got {size}.");
            return Check("--text", Text, t => TextMaskSpec.ParseBody(t))
                ?? Check("--methods", Methods, m => MethodSpec.ParseList(m))
                ?? ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        OutputGuard.FolderIsWritable("--out", settings.Out); // before any fit
        var size = settings.WorkingSize ?? new SizeSpec(DefaultSize, DefaultSize);
        var truth = SyntheticImage.Facade(size.Height, size.Width, settings.Color == ImageColorMode.Rgb ? 3 : 1);
        var maskSpec = new TextMaskSpec(settings.Text, TextScale(size));
        var mask = InputLoader.CreateMask(maskSpec, size.Height, size.Width, MaskImageRule.ExactWhiteObserved);
        var input = new ReportInput("facade (built-in picture)", mask.Apply(truth), mask, truth, "the built-in picture before the text was drawn");
        var methods = MethodSpec.ParseList(settings.Methods).Select(m => new MethodRun(m.Label, FitOptionsFactory.Build(settings, m))).ToList();
        FitPlan.Check(methods, truth.Channels, size.Height, size.Width, console);
        string commandLine = CommandLine.Format(context.Name, settings);

        console.MarkupLine($"[bold]inrr demo[/]: {size} built-in picture, caption \"{Markup.Escape(settings.Text)}\" drawn as holes " +
            string.Create(CultureInfo.InvariantCulture, $"({mask.MissingFraction:P1} missing), {methods.Count} methods (") + ProgressFitRunner.StepsSummary(methods, input) + ").");
        var outcomes = new ProgressFitRunner(console).Run(input, methods, cancellationToken: cancellationToken);
        string report = CompletionReportWriter.Write(CliReport.For("inrr demo: classical inpainting, vanilla SIREN and the default (INRR guided) on the built-in picture", commandLine, maskSpec.ToString(), input, outcomes), settings.Out);
        ConsoleSummary.PrintMetrics(console, outcomes);
        ConsoleSummary.PrintReportLocation(console, report);
        return CliApplication.Success;
    }
}
