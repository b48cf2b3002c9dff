using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// Throughput of batched fits (<see cref="BatchCompletionFitter"/>): for B pictures at each size, the seconds of one
/// full-grid step of the default's network (SIREN 4x128 + INRR) for the whole batch, measured as the difference of
/// two fits (2 and 2 + n steps, so start-up cancels out), and the guide's per-batch cost (classical fills, low-rank,
/// blend), measured the same way. From those, pictures per hour for the default's own schedule at that size
/// (steps scaled by ReferencePixels, half of them on a 2x coarser grid at a quarter of the cost).
/// </summary>
internal sealed class BatchSpeedCommand : Command<BatchSpeedCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--sizes")]
        [Description("Comma-separated square sides. Default 64,128,256.")]
        public string Sizes { get; init; } = "64,128,256";

        [CommandOption("--batches")]
        [Description("Comma-separated pictures per fit. Default 1,4,16.")]
        public string Batches { get; init; } = "1,4,16";

        [CommandOption("--steps")]
        [Description("Timed steps per measurement. Default 10.")]
        public int Steps { get; init; } = 10;

        [CommandOption("--threads")]
        [Description("Torch threads. Default 2.")]
        public int Threads { get; init; } = 2;

        [CommandOption("--device")]
        [Description("cpu or cuda[:N]. Default cpu.")]
        public string Device { get; init; } = TorchRuntime.CpuDevice;

        [CommandOption("--out")]
        [Description("Output folder for batch-speed.md. Default out/batch-speed.")]
        public string Out { get; init; } = "out/batch-speed";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureInitialized();
        var table = new StringBuilder();
        table.AppendLine("| size | pictures per fit | s per full-grid step (batch) | s per step per picture | guide per batch (s) | default: s per picture | default: pictures per hour | vs one at a time |");
        table.AppendLine("|---|---|---|---|---|---|---|---|");
        AnsiConsole.MarkupLine($"Allocator: {TorchRuntime.AllocatorDescription}; threads {settings.Threads}; device {settings.Device}; {Environment.ProcessorCount} cores");
        foreach (int size in settings.Sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            double? single = null;
            foreach (int count in settings.Batches.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pictures = Enumerable.Range(0, count).Select(b =>
                {
                    var truth = SyntheticImage.Facade(size, size, 1);
                    var mask = MaskFactory.Random(size, size, 0.5, seed: b);
                    return new BatchPicture(mask.Apply(truth), mask);
                }).ToList();
                var network = CompletionOptions.Fast with
                {
                    CoarseFraction = 0, Threads = settings.Threads, Device = settings.Device, CaptureAdjacency = false, LogInterval = 1000,
                };
                Seconds(network with { Steps = 2 }, pictures); // warm-up: allocator, kernels
                double shortFit = Seconds(network with { Steps = 2 }, pictures);
                double longFit = Seconds(network with { Steps = 2 + settings.Steps }, pictures);
                double perStep = Math.Max(0, longFit - shortFit) / settings.Steps;
                var guided = CompletionOptions.Guided with
                {
                    Steps = 2, ReferencePixels = 0, CoarseFraction = 0, Threads = settings.Threads, Device = settings.Device, CaptureAdjacency = false,
                };
                double guide = Math.Max(0, Seconds(guided, pictures) - shortFit);
                var schedule = CompletionOptions.Guided.ForSize(size, size);
                double stepEquivalents = schedule.Steps * ((1 - schedule.CoarseFraction) + schedule.CoarseFraction / (schedule.CoarseFactor * schedule.CoarseFactor));
                double perPicture = (stepEquivalents * perStep + guide + shortFit) / count;
                single ??= perPicture;
                string row = string.Create(CultureInfo.InvariantCulture,
                    $"| {size} | {count} | {perStep:F3} | {perStep / count:F4} | {guide:F2} | {perPicture:F1} | {3600 / perPicture:F0} | {single / perPicture:F2}x |");
                table.AppendLine(row);
                AnsiConsole.WriteLine(row);
            }
        }
        Directory.CreateDirectory(settings.Out);
        File.WriteAllText(Path.Combine(settings.Out, "batch-speed.md"), table.ToString());
        return 0;
    }

    private static double Seconds(CompletionOptions options, IReadOnlyList<BatchPicture> pictures)
    {
        var clock = Stopwatch.StartNew();
        new BatchCompletionFitter(options).Fit(pictures);
        return clock.Elapsed.TotalSeconds;
    }
}
