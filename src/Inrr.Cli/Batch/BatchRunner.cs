using System.Diagnostics;
using System.Globalization;
using Inrr.Cli.Fitting;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Reporting;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Spectre.Console;

namespace Inrr.Cli.Batch;

/// <summary>
/// Runs a batch: every image of the shard in order, each one on its own (or, with <c>--pictures-per-fit</c>, in
/// batched fits of pictures of one size, each picture still getting its own fit's result), so a bad file is
/// recorded as a failure and the batch goes on. An image whose output exists is skipped (resume); outputs and records are
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
            $"{Markup.Escape(job.Method.Label)}, {HelpTexts.StepsPhrase(job.Method.Options)}.");
        foreach (var note in folder.Notes.Concat(log.Notes)) console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");

        int done = 0;
        void Record(BatchItem item, BatchRecord record, string? note = null)
        {
            log.Add(record);
            console.MarkupLine($"[[{++done}/{plan.Count}]] {Markup.Escape(item.Name)}: {Describe(record)}{note}");
        }
        // Pictures waiting for a batched fit, by size (--pictures-per-fit); with 1 every picture is fitted at once.
        var waiting = new PictureGroups<(BatchItem Item, ReportInput Input)>(Math.Max(1, job.PicturesPerFit));
        foreach (var item in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Ready(item) is { } early)
            {
                Record(item, early);
                continue;
            }
            ReportInput input;
            try
            {
                var mask = job.Mask ?? new FileMaskSpec(item.MaskPath!);
                input = InputLoader.Load(item.ImagePath, mask, job.MaskRule, item.TruthPath, job.Size, job.Color, imageArgument: item.Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Record(item, Failure(item, e, TimeSpan.Zero)); // one image's failure is its own: record it and go on
                continue;
            }
            if (job.PicturesPerFit <= 1)
            {
                Record(item, FitOne(item, input, cancellationToken));
                continue;
            }
            if (waiting.Add((item, input), input.Observed.Channels, input.Observed.Height, input.Observed.Width) is { } full)
                FitGroup(full, cancellationToken);
        }
        foreach (var group in waiting.TakeRest()) FitGroup(group, cancellationToken);
        return new BatchSummary(log.Records, log.JsonPath, log.CsvPath);

        BatchRecord? Ready(BatchItem item)
        {
            if (item.Problem is not null)
                return new BatchRecord { Image = item.Name, Status = BatchRecord.Failed, Error = item.Problem };
            // An existing output is skipped only when it is a finished one (a 0-byte or broken file is redone).
            if (!job.Overwrite && File.Exists(item.OutputPath) && BatchFolder.IsFinishedOutput(item.OutputPath, job, out _))
                return (log.Previous(item.Name) ?? new BatchRecord { Image = item.Name, Status = BatchRecord.Skipped })
                    with { Status = BatchRecord.Skipped, Output = Path.GetFileName(item.OutputPath), Error = null };
            return null;
        }

        BatchRecord FitOne(BatchItem item, ReportInput input, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var outcome = new ProgressFitRunner(console).Run(input, [job.Method with { Label = $"{item.Name} / {job.Method.Label}" }], transient: true, cancellationToken).Single();
                return Completed(item, input, outcome.Result, outcome.Metrics, clock.Elapsed.TotalSeconds);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Failure(item, e, clock.Elapsed);
            }
        }

        // A batched fit of pictures of one size; if it fails as a whole, each picture is fitted on its own, so the
        // picture at fault gets its own failure and the others complete.
        void FitGroup(IReadOnlyList<(BatchItem Item, ReportInput Input)> group, CancellationToken cancellationToken)
        {
            if (group.Count == 1)
            {
                Record(group[0].Item, FitOne(group[0].Item, group[0].Input, cancellationToken));
                return;
            }
            var clock = Stopwatch.StartNew();
            var pictures = group.Select(g => new BatchPicture(g.Input.Observed, g.Input.Mask, g.Input.Truth)).ToList();
            var aloneSeconds = new double[group.Count];
            var outcome = BatchCompletionFitter.FitEach(job.Method.Options, pictures, k =>
            {
                var alone = Stopwatch.StartNew(); // after a failed batch: each picture its own fit, progress and time
                try
                {
                    return new ProgressFitRunner(console).Run(group[k].Input, [job.Method with { Label = $"{group[k].Item.Name} / {job.Method.Label}" }],
                        transient: true, cancellationToken).Single().Result;
                }
                finally
                {
                    aloneSeconds[k] = alone.Elapsed.TotalSeconds;
                }
            }, cancellationToken: cancellationToken);
            if (outcome.BatchFailure is { } failure)
                console.MarkupLine($"[yellow]note:[/] the batched fit of {group.Count} pictures failed ({Markup.Escape(failure.Message)}); they were fitted one at a time.");
            double share = clock.Elapsed.TotalSeconds / group.Count; // the batch's time, shared out
            for (int k = 0; k < group.Count; k++)
            {
                var (item, input) = group[k];
                double seconds = outcome.FittedTogether ? share : aloneSeconds[k];
                BatchRecord record;
                try
                {
                    if (outcome.Errors[k] is { } error) throw error;
                    var result = outcome.Results[k]!;
                    var metrics = input.Truth is null ? null : Inrr.Torch.Metrics.ImageMetrics.Evaluate(result.Completed, input.Truth, input.Mask);
                    record = Completed(item, input, result, metrics, seconds);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    record = Failure(item, e, TimeSpan.FromSeconds(seconds));
                }
                Record(item, record, outcome.FittedTogether ? $" [grey](fitted with {group.Count - 1} others)[/]" : null);
            }
        }

        BatchRecord Completed(BatchItem item, ReportInput input, CompletionResult result, Inrr.Torch.Metrics.MetricSet? metrics, double seconds)
        {
            ImageIO.SavePngLike(result.Completed, item.OutputPath, item.ImagePath);
            return new BatchRecord
            {
                Image = item.Name,
                Status = BatchRecord.Completed,
                Output = Path.GetFileName(item.OutputPath),
                MissingFraction = input.Mask.MissingFraction,
                PsnrHoles = metrics?.PsnrHoles,
                NmaeHoles = metrics?.NmaeHoles,
                Psnr = metrics?.Psnr,
                Ssim = metrics?.Ssim,
                Steps = result.StepsRun,
                Seconds = seconds,
            };
        }

        static BatchRecord Failure(BatchItem item, Exception e, TimeSpan elapsed) =>
            new() { Image = item.Name, Status = BatchRecord.Failed, Error = e.Message, Seconds = elapsed.TotalSeconds };
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
