using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// Many short fits under garbage-collector pressure: a full collection (and the finalizers) after every step while a
/// second thread allocates, so any torch object left to the collector (an implicit Scalar, an undisposed tensor)
/// is freed while native code may still use it. A crash here is a native crash of the process; a clean run prints the
/// number of fits and steps and the resident memory at the start and at the end.
/// </summary>
internal sealed class SoakCommand : Command<SoakCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--fits")]
        [Description("Fits to run. Default 300.")]
        public int Fits { get; init; } = 300;

        [CommandOption("--size")]
        [Description("Picture side. Default 24.")]
        public int Size { get; init; } = 24;

        [CommandOption("--steps")]
        [Description("Steps per fit. Default 12.")]
        public int Steps { get; init; } = 12;

        [CommandOption("--threads")]
        [Description("Torch threads. Default 2.")]
        public int Threads { get; init; } = 2;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var stop = new CancellationTokenSource();
        long garbage = 0;
        var allocator = new Thread(() =>
        {
            // Real garbage: a ring of live chunks, each replaced (and so collectable) as the ring turns.
            var ring = new byte[64][];
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                ring[i % ring.Length] = new byte[64 * 1024];
                Interlocked.Add(ref garbage, 64 * 1024);
            }
        }) { IsBackground = true };
        allocator.Start();

        int size = settings.Size;
        var picture = SyntheticImage.Facade(size, size, 3);
        // Every regulariser and the guided default's prior, blend and averaging: each step exercises them all.
        var variants = new[]
        {
            CompletionOptions.Guided with { OutputAveraging = 0.5 },
            CompletionOptions.Fast with { Regularizers = [new InrrOptions(), new TotalVariationOptions(), new WeightDecayOptions(), new AirOptions(), new CosineDirichletOptions()] },
        };
        double startMiB = ProcessMemory.ResidentMiB();
        var clock = Stopwatch.StartNew();
        long steps = 0;
        for (int i = 0; i < settings.Fits; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mask = MaskFactory.Random(size, size, 0.4, seed: i);
            var options = variants[i % variants.Length] with
            {
                Steps = settings.Steps, ReferencePixels = 0, LogInterval = 1, Threads = settings.Threads, Seed = i, CaptureAdjacency = false,
            };
            var progress = new SynchronousProgress<FitProgress>(_ =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref steps);
            });
            new CompletionFitter(options).Fit(mask.Apply(picture), mask, truth: null, progress, cancellationToken);
            if ((i + 1) % 50 == 0)
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{i + 1} fits, {steps} steps, {clock.Elapsed.TotalSeconds:F0} s, resident {ProcessMemory.ResidentMiB():F0} MiB"));
        }
        stop.Cancel();
        allocator.Join();
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green]clean[/]: {settings.Fits} fits, {steps} steps with a full collection after each, {Interlocked.Read(ref garbage) >> 30} GiB allocated beside them, " +
            $"{clock.Elapsed.TotalSeconds:F0} s; resident {startMiB:F0} MiB at the start, {ProcessMemory.ResidentMiB():F0} MiB at the end."));
        return 0;
    }
}
