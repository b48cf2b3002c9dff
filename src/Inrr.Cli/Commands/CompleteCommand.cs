using System.ComponentModel;
using System.Globalization;
using Inrr.Cli.Fitting;
using Inrr.Cli.Output;
using Inrr.Cli.Reporting;
using Inrr.Reporting;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Commands;

/// <summary><c>inrr complete</c>: one image, one mask, one method; writes the completed PNG.</summary>
internal sealed class CompleteCommand(IAnsiConsole console) : Command<CompleteCommand.Settings>
{
    /// <summary>Options of <c>inrr complete</c>.</summary>
    internal sealed class Settings : MaskedImageSettings
    {
        [CommandOption("-r|--regularizer <SPEC>")]
        [Description("The method: " + MethodSpec.Names + ". Default: the preset's (guided: inrr+guide).")]
        public string? Regularizer { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("The completed PNG. Default: IMAGE's name with -completed.png, in the current folder.")]
        public string? Out { get; init; }

        [CommandOption("--report <FOLDER>")]
        [Description("Also write a report (pictures, curves, adjacency, metrics) into this folder.")]
        public string? Report { get; init; }

        [CommandOption("--checkpoint <FILE>")]
        [Description("Save the fit's state into FILE as it goes (every --checkpoint-every steps, and when stopped with Ctrl+C); run the same command again to go on from it, to the same result. For long fits (the paper preset takes hours on a CPU). Delete FILE to start over.")]
        public string? Checkpoint { get; init; }

        [CommandOption("--checkpoint-every <N>")]
        [CheckpointEveryDescription]
        public int CheckpointEvery { get; init; } = FitCheckpoint.DefaultInterval;

        /// <summary>Where the completed image goes.</summary>
        public string OutputPath => Out ?? Path.GetFileNameWithoutExtension(Image) + "-completed.png";

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful) return common;
            if (Out is not null && !Out.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                return Error("--out", $"the completed image is written as PNG: give a .png file name, got '{Out}'.");
            if (CheckpointEvery <= 0) return Error("--checkpoint-every", $"must be a positive number of steps, got {CheckpointEvery}.");
            return Check("--regularizer", Regularizer, r => MethodSpec.Parse(r)) ?? ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var maskSpec = settings.MaskSpec;
        // Outputs first: a wrong one is found before minutes of fitting, and no input is ever overwritten.
        OutputGuard.FileIsNoInput("--out", settings.OutputPath, settings.InputFiles());
        OutputGuard.FileIsWritable("--out", settings.OutputPath);
        if (settings.Checkpoint is { } checkpointFile)
        {
            OutputGuard.FileIsNoInput("--checkpoint", checkpointFile, settings.InputFiles());
            OutputGuard.FileIsWritable("--checkpoint", checkpointFile);
        }
        if (settings.Report is { } reportFolder)
        {
            OutputGuard.FolderIsNoInput("--report", reportFolder, [], settings.InputFiles());
            OutputGuard.FolderIsWritable("--report", reportFolder);
        }
        var method = settings.Regularizer is null ? null : MethodSpec.Parse(settings.Regularizer);
        var options = FitOptionsFactory.Build(settings, method);
        var checkpoint = settings.Checkpoint is null ? null : new FitCheckpoint(settings.Checkpoint, settings.CheckpointEvery);
        var run = new MethodRun(method?.Label ?? MethodSpec.LabelOf(options), options, checkpoint);
        var input = FitPlan.Load(settings, [run], console);

        console.MarkupLine($"[bold]inrr complete[/]: {Markup.Escape(input.Name)} {input.Observed.Width}x{input.Observed.Height}, " +
            string.Create(CultureInfo.InvariantCulture, $"{input.Mask.MissingFraction:P1} missing; {Markup.Escape(options.ForSize(input.Observed.Height, input.Observed.Width).Describe())}"));
        ReportMethod outcome;
        try
        {
            if (checkpoint is not null && FitCheckpoint.ResumeStep(checkpoint.Path) is int resumeStep)
                console.MarkupLine($"Resuming at step {resumeStep} from {Markup.Escape(checkpoint.Path)}.");
            outcome = new ProgressFitRunner(console).Run(input, [run], cancellationToken: cancellationToken).Single();
        }
        catch (Exception e) when (checkpoint is not null && e is FitCheckpointMismatchException or InvalidDataException)
        {
            throw new InputException("--checkpoint", e.Message, e);
        }
        if (ImageIO.SavePngLike(outcome.Result.Completed, settings.OutputPath, settings.Image))
            console.MarkupLine("16-bit input: completed at full precision and written as a 16-bit PNG.");
        console.MarkupLine($"Completed image: [link]{Markup.Escape(Path.GetFullPath(settings.OutputPath))}[/]");
        if (outcome.Metrics is not null)
        {
            console.MarkupLine($"ground truth: {Markup.Escape(input.TruthSource)}");
            ConsoleSummary.PrintMetrics(console, [outcome]);
        }
        if (settings.Report is not null)
        {
            string report = CompletionReportWriter.Write(CliReport.For($"inrr complete: {input.Name}", CommandLine.Format(context.Name, settings),
                maskSpec.ToString(), input, [outcome]), settings.Report);
            ConsoleSummary.PrintReportLocation(console, report);
        }
        return CliApplication.Success;
    }
}
