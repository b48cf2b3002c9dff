using System.ComponentModel;
using System.Globalization;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// Seconds per step and memory against image size: for each size a synthetic picture with half its pixels
/// missing is fitted for warm-up + measured steps; the median step time (the machine is shared, medians resist
/// noise), the resident memory after the warm-up and at the end (growth = a leak or allocator fragmentation),
/// and the process's peak resident memory (sizes run in ascending order, so the peak is the current size's).
/// All measured steps are full-grid steps (the preset's coarse-to-fine stage is switched off here).
/// </summary>
internal sealed class SpeedCommand : Command<SpeedCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--sizes")]
        [Description("Comma-separated image sides. Default 64,128,256.")]
        public string Sizes { get; init; } = "64,128,256";

        [CommandOption("--steps")]
        [Description("Measured steps per size. Default 30.")]
        public int Steps { get; init; } = 30;

        [CommandOption("--warmup")]
        [Description("Unmeasured steps first (allocator and caches settle). Default 5.")]
        public int Warmup { get; init; } = 5;

        [CommandOption("--preset")]
        [Description("Fast (default) or Paper.")]
        public CompletionPreset Preset { get; init; } = CompletionPreset.Fast;

        [CommandOption("--vanilla")]
        [Description("Drop the regularisers (measure the INR alone).")]
        public bool Vanilla { get; init; }

        [CommandOption("--threads")]
        [Description("Torch threads. Default 2.")]
        public int Threads { get; init; } = 2;

        [CommandOption("--csv")]
        [Description("Append one row per size to this CSV file.")]
        public string? Csv { get; init; }

        [CommandOption("--label")]
        [Description("A label for the CSV rows (e.g. the allocator).")]
        public string Label { get; init; } = "";

        public IReadOnlyList<int> SizeList => Sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();

        public override ValidationResult Validate()
        {
            if (Steps < 3) return ValidationResult.Error("--steps must be at least 3.");
            if (Warmup < 0) return ValidationResult.Error("--warmup must be 0 or more.");
            try { return SizeList.All(s => s >= 16) ? ValidationResult.Success() : ValidationResult.Error("--sizes must all be at least 16."); }
            catch (FormatException) { return ValidationResult.Error("--sizes must be comma-separated whole numbers."); }
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureInitialized();
        AnsiConsole.MarkupLineInterpolated($"[bold]speed[/] preset {settings.Preset}{(settings.Vanilla ? " (no regulariser)" : "")}, {settings.Threads} threads, allocator: {TorchRuntime.AllocatorDescription}");
        var table = new Table().AddColumns("size", "median s/step", "min s/step", "RSS after warm-up (MiB)", "RSS at end (MiB)", "peak RSS (MiB)");
        foreach (int size in settings.SizeList)
        {
            var row = Measure(size, settings, cancellationToken);
            table.AddRow(size.ToString(CultureInfo.InvariantCulture), row.Median.ToString("F3", CultureInfo.InvariantCulture),
                row.Min.ToString("F3", CultureInfo.InvariantCulture), row.RssAfterWarmup.ToString("F0", CultureInfo.InvariantCulture),
                row.RssEnd.ToString("F0", CultureInfo.InvariantCulture), row.Peak.ToString("F0", CultureInfo.InvariantCulture));
            if (settings.Csv is { } csv)
            {
                bool header = !File.Exists(csv);
                using var w = File.AppendText(csv);
                if (header) w.WriteLine("label,preset,regularised,threads,size,median_s_per_step,min_s_per_step,rss_after_warmup_mib,rss_end_mib,peak_rss_mib");
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{settings.Label},{settings.Preset},{!settings.Vanilla},{settings.Threads},{size},{row.Median:F4},{row.Min:F4},{row.RssAfterWarmup:F0},{row.RssEnd:F0},{row.Peak:F0}"));
            }
        }
        AnsiConsole.Write(table);
        return 0;
    }

    private sealed record Row(double Median, double Min, double RssAfterWarmup, double RssEnd, double Peak);

    private static Row Measure(int size, Settings s, CancellationToken token)
    {
        var truth = SyntheticImage.Facade(size, size);
        var mask = MaskFactory.Random(size, size, 0.5, seed: 1);
        var preset = CompletionOptions.FromPreset(s.Preset);
        var options = preset with
        {
            Steps = s.Warmup + s.Steps,
            LogInterval = 1,
            Threads = s.Threads,
            Regularizers = s.Vanilla ? [] : preset.Regularizers,
            CaptureAdjacency = false,
            CoarseFraction = 0, // measure full-grid steps; a coarse step costs about a quarter of one
        };
        var stepTimes = new List<double>();
        TimeSpan last = TimeSpan.Zero;
        double rssAfterWarmup = 0;
        var progress = new SynchronousProgress<FitProgress>(p =>
        {
            if (p.Step >= s.Warmup) stepTimes.Add((p.Elapsed - last).TotalSeconds);
            if (p.Step == s.Warmup - 1 || (s.Warmup == 0 && p.Step == 0)) rssAfterWarmup = ProcessMemory.ResidentMiB();
            last = p.Elapsed;
        });
        new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth: null, progress, token);
        stepTimes.Sort();
        return new Row(stepTimes[stepTimes.Count / 2], stepTimes[0], rssAfterWarmup, ProcessMemory.ResidentMiB(), ProcessMemory.PeakResidentMiB());
    }
}
