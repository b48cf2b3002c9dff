using System.Diagnostics;
using System.Globalization;
using Inrr.Cli.Fitting;
using Inrr.Cli.Specs;
using Inrr.Torch.Imaging;
using Spectre.Console;

namespace Inrr.Cli.Batch;

/// <summary>
/// Runs a batch: every image of the shard in order, each one on its own, so a bad file is recorded as a
/// failure and the batch goes on. An image whose output exists is skipped (resume); outputs and records are
/// written atomically, so an interrupted run never leaves a half-written file that a resumed run would
/// take for done.
/// </summary>
internal sealed class BatchRunner(IAnsiConsole console)
{
    /// <summary>Runs <paramref name="job"/>; cancellation stops after the records of finished images are written.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public BatchSummary Run(BatchJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var folder = BatchFolder.Open(job); // lock, settings manifest, stale temporaries
        var all = BatchPlanner.ListImages(job.InputFolder);
        var plan = BatchPlanner.Plan(all, job.Shard, job.OutputFolder, job.MasksFolder, job.TruthsFolder);
        var log = new BatchLog(job.OutputFolder, job.Shard, job.CommandLine);
        console.MarkupLine($"[bold]inrr batch[/]: {plan.Count} of {all.Count} images in shard {job.Shard}; " +
            $"{Markup.Escape(job.Method.Label)}, {job.Method.Options.Steps} steps each.");
        foreach (var note in folder.Notes.Concat(log.Notes)) console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");

        for (int i = 0; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = plan[i];
            string position = $"[[{i + 1}/{plan.Count}]]";
            var record = Process(item, job, cancellationToken);
            log.Add(record);
            console.MarkupLine($"{position} {Markup.Escape(item.Name)}: {Describe(record)}");
        }
        return new BatchSummary(log.Records, log.JsonPath, log.CsvPath);

        BatchRecord Process(BatchItem item, BatchJob job, CancellationToken cancellationToken)
        {
            if (item.Problem is not null)
                return new BatchRecord { Image = item.Name, Status = BatchRecord.Failed, Error = item.Problem };
            // An existing output is skipped only when it is a finished one (a 0-byte or broken file is redone).
            if (!job.Overwrite && File.Exists(item.OutputPath) && BatchFolder.IsFinishedOutput(item.OutputPath, job, out _))
                return (log.Previous(item.Name) ?? new BatchRecord { Image = item.Name, Status = BatchRecord.Skipped })
                    with { Status = BatchRecord.Skipped, Output = Path.GetFileName(item.OutputPath), Error = null };
            var clock = Stopwatch.StartNew();
            try
            {
                var mask = job.Mask ?? new FileMaskSpec(item.MaskPath!);
                var input = InputLoader.Load(item.ImagePath, mask, job.MaskRule, item.TruthPath, job.Size, job.Color, imageArgument: item.Name);
                var outcome = new ProgressFitRunner(console).Run(input, [job.Method with { Label = $"{item.Name} / {job.Method.Label}" }], transient: true, cancellationToken).Single();
                InputLoader.SaveLike(outcome.Result.Completed, item.OutputPath, item.ImagePath);
                return new BatchRecord
                {
                    Image = item.Name,
                    Status = BatchRecord.Completed,
                    Output = Path.GetFileName(item.OutputPath),
                    MissingFraction = input.Mask.MissingFraction,
                    PsnrHoles = outcome.Metrics?.PsnrHoles,
                    NmaeHoles = outcome.Metrics?.NmaeHoles,
                    Psnr = outcome.Metrics?.Psnr,
                    Ssim = outcome.Metrics?.Ssim,
                    Steps = outcome.Result.StepsRun,
                    Seconds = clock.Elapsed.TotalSeconds,
                };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One image's failure is its own: record it and go on with the next.
                return new BatchRecord { Image = item.Name, Status = BatchRecord.Failed, Error = e.Message, Seconds = clock.Elapsed.TotalSeconds };
            }
        }
    }

    private static string Describe(BatchRecord record) => record.Status switch
    {
        BatchRecord.Completed => "[green]completed[/]" + (record.PsnrHoles is double psnr
            ? string.Create(CultureInfo.InvariantCulture, $", hole PSNR {psnr:F2} dB, hole NMAE {record.NmaeHoles:F4}")
            : "") + string.Create(CultureInfo.InvariantCulture, $" ({record.Seconds:F1} s)"),
        BatchRecord.Skipped => "[grey]skipped (output exists; --overwrite redoes it)[/]",
        _ => $"[red]failed[/]: {Markup.Escape(record.Error ?? "unknown error")}",
    };
}
