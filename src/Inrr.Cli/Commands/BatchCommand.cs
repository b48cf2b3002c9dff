using System.ComponentModel;
using Inrr.Cli.Batch;
using Inrr.Cli.Fitting;
using Inrr.Torch.Fitting;
using Inrr.Cli.Output;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Torch.Masks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Commands;

/// <summary>
/// <c>inrr batch</c>: a folder of images to a folder of completed PNGs, resumable and shardable, with one
/// record per image. Exits with <see cref="CliApplication.Failure"/> when any image failed, after doing all others.
/// </summary>
internal sealed class BatchCommand(IAnsiConsole console) : Command<BatchCommand.Settings>
{
    /// <summary>Options of <c>inrr batch</c>.</summary>
    internal sealed class Settings : FitSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("Folder of images to complete (PNG, JPEG, BMP, GIF, WebP; subfolders are not read).")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--out <FOLDER>")]
        [Description("Folder for the completed PNGs (same names, .png) and the record files results.csv / results.json.")]
        public string? Out { get; init; }

        [CommandOption("--masks <FOLDER>")]
        [Description("Folder with one mask image per input, with the same name (any image extension).")]
        public string? Masks { get; init; }

        [CommandOption("-m|--mask <SPEC>")]
        [Description("One mask for every image instead of --masks: random:RATE[[,SEED]], patch:X,Y,W,H, text:TEXT, grid:STRIDE, strokes[[:FRACTION[[,SEED]]]], blocks[[:FRACTION[[,SEED]]]], alpha (each image's own transparent pixels), or a mask image.")]
        public string? Mask { get; init; }

        [CommandOption("--mask-rule <RULE>")]
        [Description("How mask images are read: ExactWhiteObserved (the paper's), ExactWhiteMissing, AlphaObserved, NonBlackObserved.")]
        [DefaultValue(MaskImageRule.ExactWhiteObserved)]
        public MaskImageRule MaskRule { get; init; } = MaskImageRule.ExactWhiteObserved;

        [CommandOption("--truths <FOLDER>")]
        [Description("Folder with the clean image of each input (same name), for metrics. With a generated --mask the inputs are their own truth.")]
        public string? Truths { get; init; }

        [CommandOption("-r|--regularizer <SPEC>")]
        [Description("The method: " + MethodSpec.Names + ". Default: the preset's (guided: inrr+guide).")]
        public string? Regularizer { get; init; }

        [CommandOption("--shard <I/N>")]
        [Description("Process only part I of N (I from 0): images sorted by name, image k goes to part k mod N. Run I = 0..N-1 on N machines. auto: from a Slurm job array (SLURM_ARRAY_TASK_ID/COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, INRR_SHARD_COUNT).")]
        [DefaultValue("0/1")]
        public string Shard { get; init; } = "0/1";

        [CommandOption("--pictures-per-fit <N>")]
        [Description("Fit up to N pictures of the same size together: one batched network, each picture with its own weights, the result of its own fit. Faster per picture where one picture leaves cores (or a GPU) idle; see docs/benchmarks.md. Takes SIREN with INRR or no regulariser. Default 1.")]
        [DefaultValue(1)]
        public int PicturesPerFit { get; init; } = 1;

        [CommandOption("--overwrite")]
        [Description("Complete images again even when their output exists (default: skip them, so a rerun resumes).")]
        public bool Overwrite { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful) return common;
            if (string.IsNullOrWhiteSpace(Input)) return Error("INPUT", "give the folder of images.");
            if (!Directory.Exists(Input)) return Error("INPUT", $"folder '{Input}' does not exist.");
            if (string.IsNullOrWhiteSpace(Out)) return Error("--out", "give the output folder.");
            if ((Masks is null) == (Mask is null)) return Error("--mask", "give either --masks FOLDER (one mask per image) or --mask SPEC (one for all).");
            if (Masks is not null && !Directory.Exists(Masks)) return Error("--masks", $"folder '{Masks}' does not exist.");
            if (Truths is not null && !Directory.Exists(Truths)) return Error("--truths", $"folder '{Truths}' does not exist.");
            if (!Enum.IsDefined(MaskRule)) return Error("--mask-rule", $"'{MaskRule}' is not a mask rule.");
            if (PicturesPerFit is < 1 or > 1024) return Error("--pictures-per-fit", $"expected 1 to 1024 pictures, got {PicturesPerFit}.");
            return Check("--mask", Mask, m => MaskSpec.Parse(m))
                ?? Check("--regularizer", Regularizer, r => MethodSpec.Parse(r))
                ?? Check("--shard", Shard, s => ShardSpec.Parse(s))
                ?? ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Outputs first: never into a folder of inputs (symlinks included), and a folder that takes files.
        var folders = new List<OutputGuard.Input> { new("INPUT", settings.Input) };
        if (settings.Masks is not null) folders.Add(new("--masks", settings.Masks));
        if (settings.Truths is not null) folders.Add(new("--truths", settings.Truths));
        var files = settings.Mask is not null && MaskSpec.Parse(settings.Mask) is FileMaskSpec maskFile ? [new OutputGuard.Input("--mask", maskFile.Path)] : Array.Empty<OutputGuard.Input>();
        OutputGuard.FolderIsNoInput("--out", settings.Out!, folders, files);
        OutputGuard.FolderIsWritable("--out", settings.Out!);
        var method = settings.Regularizer is null ? null : MethodSpec.Parse(settings.Regularizer);
        var options = FitOptionsFactory.Build(settings, method);
        var job = new BatchJob(
            settings.Input, settings.Out!, settings.Masks, settings.Mask is null ? null : MaskSpec.Parse(settings.Mask), settings.MaskRule,
            settings.Truths, ShardSpec.Parse(settings.Shard), settings.Overwrite, settings.WorkingSize, settings.Color,
            new MethodRun(method?.Label ?? MethodSpec.LabelOf(options), options), CommandLine.Format(context.Name, settings), settings.PicturesPerFit);
        if (settings.PicturesPerFit > 1 && BatchCompletionFitter.Unsupported(options) is { } reason)
            throw new InputException("--pictures-per-fit", $"{reason}; fit one picture at a time (the default).");

        var summary = new BatchRunner(console).Run(job, cancellationToken);
        console.MarkupLine($"{summary.Records.Count} images: [green]{summary.Completed} completed[/], {summary.Skipped} skipped (already done), " +
            (summary.Failed > 0 ? $"[red]{summary.Failed} failed[/]" : "0 failed") + ".");
        console.MarkupLine($"Records: {Markup.Escape(summary.CsvPath)} and {Markup.Escape(Path.GetFileName(summary.JsonPath))}");
        foreach (var failure in summary.Records.Where(r => r.Status == BatchRecord.Failed))
            console.MarkupLine($"  [red]failed[/] {Markup.Escape(failure.Image)}: {Markup.Escape(failure.Error ?? "")}");
        return summary.Failed > 0 ? CliApplication.Failure : CliApplication.Success;
    }
}
