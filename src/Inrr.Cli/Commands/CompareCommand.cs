using System.ComponentModel;
using System.Globalization;
using Inrr.Cli.Fitting;
using Inrr.Cli.Output;
using Inrr.Cli.Reporting;
using Inrr.Reporting;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Torch.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Commands;

/// <summary>
/// <c>inrr compare</c>: one image and mask, several regularisers with the same representation, seed and
/// steps, so that the only difference between the rows of the report is the regulariser.
/// </summary>
internal sealed class CompareCommand(IAnsiConsole console) : Command<CompareCommand.Settings>
{
    /// <summary>Options of <c>inrr compare</c>.</summary>
    internal sealed class Settings : MaskedImageSettings
    {
        [CommandOption("--methods <LIST>")]
        [Description("Methods, comma-separated: " + MethodSpec.Names + ". The paper's comparison: " + MethodSpec.PaperComparison + ".")]
        [DefaultValue(MethodSpec.ToolComparison)]
        public string Methods { get; init; } = MethodSpec.ToolComparison;

        [CommandOption("-o|--out <FOLDER>")]
        [Description("The report folder.")]
        [DefaultValue("out/compare")]
        public string Out { get; init; } = "out/compare";

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful) return common;
            if (string.IsNullOrWhiteSpace(Out)) return Error("--out", "give a folder for the report.");
            return Check("--methods", Methods, m => MethodSpec.ParseList(m)) ?? ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var maskSpec = settings.MaskSpec;
        OutputGuard.FolderIsNoInput("--out", settings.Out, [], settings.InputFiles()); // before any fit
        OutputGuard.FolderIsWritable("--out", settings.Out);
        var methods = MethodSpec.ParseList(settings.Methods).Select(m => new MethodRun(m.Label, FitOptionsFactory.Build(settings, m))).ToList();
        var input = FitPlan.Load(settings, methods, console);
        string commandLine = CommandLine.Format(context.Name, settings);

        console.MarkupLine($"[bold]inrr compare[/]: {Markup.Escape(input.Name)} {input.Observed.Width}x{input.Observed.Height}, " +
            string.Create(CultureInfo.InvariantCulture, $"{input.Mask.MissingFraction:P1} missing, {methods.Count} methods (") + ProgressFitRunner.StepsSummary(methods, input) + ").");
        console.MarkupLine($"ground truth: {Markup.Escape(input.TruthSource)}");
        var outcomes = new ProgressFitRunner(console).Run(input, methods, cancellationToken: cancellationToken);
        string report = CompletionReportWriter.Write(CliReport.For($"inrr compare: {input.Name}", commandLine, maskSpec.ToString(), input, outcomes), settings.Out);
        ConsoleSummary.PrintMetrics(console, outcomes);
        ConsoleSummary.PrintReportLocation(console, report);
        return CliApplication.Success;
    }
}
