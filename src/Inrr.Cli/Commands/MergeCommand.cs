using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Inrr.Cli.Batch;
using Inrr.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli.Commands;

/// <summary>
/// <c>inrr merge OUT</c>: the record files of every shard (and of any whole run) in a batch folder as one
/// <c>results.csv</c> / <c>results.json</c>, one record per image, plus <c>summary.json</c> and a printed summary.
/// When an image has records from several runs, a completed one wins over a skip (a rerun's "skipped" keeps no
/// metrics), a skip with metrics over a failure, a failure over a bare skip; the later file wins a tie.
/// </summary>
internal sealed class MergeCommand(IAnsiConsole console) : Command<MergeCommand.Settings>
{
    /// <summary>Options of <c>inrr merge</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("The batch output folder the shards wrote into.")]
        public string Folder { get; init; } = "";

        [CommandOption("--input <FOLDER>")]
        [Description("The batch's input folder: then every image in it must have exactly one record, and missing ones are listed.")]
        public string? Input { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (!Directory.Exists(Folder)) return ValidationResult.Error($"FOLDER: folder '{Folder}' does not exist.");
            if (Input is not null && !Directory.Exists(Input)) return ValidationResult.Error($"--input: folder '{Input}' does not exist.");
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sources = Directory.GetFiles(settings.Folder, "results*.json").Order(StringComparer.Ordinal).ToList();
        if (sources.Count == 0)
            throw new Fitting.InputException("FOLDER", $"'{settings.Folder}' holds no results*.json record file of a batch run.");
        var best = new Dictionary<string, BatchRecord>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        foreach (var source in sources)
        {
            if (BatchLog.ReadRecords(source) is not { } records)
            {
                unreadable.Add(Path.GetFileName(source));
                continue;
            }
            foreach (var record in records)
                if (!best.TryGetValue(record.Image, out var kept) || Rank(record) >= Rank(kept))
                    best[record.Image] = record;
        }
        var merged = best.Values.OrderBy(r => r.Image, StringComparer.Ordinal).ToList();
        string command = CommandLine.Format(context.Name, settings);
        BatchLog.WriteFiles(Path.Combine(settings.Folder, "results.json"), Path.Combine(settings.Folder, "results.csv"), command, merged);

        var missing = settings.Input is null ? [] : BatchPlanner.ListImages(settings.Input).Select(Path.GetFileName).Where(n => !best.ContainsKey(n!)).ToList();
        var completed = merged.Where(r => r.PsnrHoles is not null || r.Status == BatchRecord.Completed).ToList();
        var failed = merged.Where(r => r.Status == BatchRecord.Failed).ToList();
        double? Mean(Func<BatchRecord, double?> value) => completed.Select(value).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;
        var summary = new
        {
            images = merged.Count,
            done = completed.Count,
            failed = failed.Count,
            missing = missing.Count,
            mean_psnr_holes = Mean(r => r.PsnrHoles),
            mean_nmae_holes = Mean(r => r.NmaeHoles),
            mean_psnr = Mean(r => r.Psnr),
            mean_ssim = Mean(r => r.Ssim),
            failures = failed.Select(r => new { image = r.Image, error = r.Error }),
            missing_images = missing,
            sources = sources.Select(Path.GetFileName),
            unreadable_sources = unreadable,
        };
        AtomicFile.WriteAllText(Path.Combine(settings.Folder, "summary.json"),
            JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]inrr merge[/]: {sources.Count} record files, {merged.Count} images: {completed.Count} done, {failed.Count} failed, {missing.Count} without a record."));
        if (summary.mean_psnr_holes is double psnr)
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"mean hole PSNR {psnr:F2} dB, mean hole NMAE {summary.mean_nmae_holes:F4} over {completed.Count} images with metrics"));
        foreach (var f in failed) console.MarkupLine($"  [red]failed[/] {Markup.Escape(f.Image)}: {Markup.Escape(f.Error ?? "")}");
        foreach (var m in missing) console.MarkupLine($"  [yellow]no record[/] {Markup.Escape(m!)}");
        foreach (var u in unreadable) console.MarkupLine($"  [yellow]unreadable[/] {Markup.Escape(u)} (left as it is)");
        console.MarkupLine($"Merged: {Markup.Escape(Path.Combine(settings.Folder, "results.csv"))}, results.json, summary.json");
        return failed.Count == 0 && missing.Count == 0 && unreadable.Count == 0 ? CliApplication.Success : CliApplication.Failure;
    }

    /// <summary>Which record of an image to keep: completed, then a skip that kept metrics, then a failure, then a bare skip.</summary>
    private static int Rank(BatchRecord record) => record.Status switch
    {
        BatchRecord.Completed => 3,
        BatchRecord.Skipped when record.PsnrHoles is not null || record.Steps is not null => 2,
        BatchRecord.Failed => 1,
        _ => 0,
    };
}
