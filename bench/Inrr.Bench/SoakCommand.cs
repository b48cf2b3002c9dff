using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// Many short fits in one process, for two things. Native crashes: a full collection (and the finalizers) after every
/// step while a second thread allocates, so any torch object left to the collector (an implicit Scalar, an undisposed
/// tensor) is freed while native code may still use it; a crash here is a native crash of the process. Native memory:
/// with <c>--sizes</c> the fits cycle through mixed sizes and kinds (single fits of the default and of INRR alone,
/// batched fits, two fits at once on two threads as ML.NET's <c>ConcurrentRows</c> runs them), and the resident
/// memory after every fit goes to <c>--csv</c>: an allocator that fragments shows as growth after the first round of
/// sizes. A clean run prints the fits, steps and the resident memory at the start, after the first round and at the end.
/// </summary>
internal sealed class SoakCommand : Command<SoakCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--fits")]
        [Description("Fits to run. Default 300.")]
        public int Fits { get; init; } = 300;

        [CommandOption("--size")]
        [Description("Picture side when --sizes is not given. Default 24.")]
        public int Size { get; init; } = 24;

        [CommandOption("--sizes")]
        [Description("Comma-separated picture sides to cycle through with mixed kinds of fit (single, batched, concurrent), e.g. 32,64,128,256,512.")]
        public string? Sizes { get; init; }

        [CommandOption("--steps")]
        [Description("Steps per fit. Default 12.")]
        public int Steps { get; init; } = 12;

        [CommandOption("--threads")]
        [Description("Torch threads. Default 2.")]
        public int Threads { get; init; } = 2;

        [CommandOption("--no-gc")]
        [Description("No full collection after every step (a memory soak at full speed).")]
        public bool NoCollections { get; init; }

        [CommandOption("--csv")]
        [Description("Append one row per fit: fit, seconds, size, kind, resident MiB.")]
        public string? Csv { get; init; }

        [CommandOption("--label")]
        [Description("A label for the CSV rows (e.g. the allocator).")]
        public string Label { get; init; } = "";

        public IReadOnlyList<int>? SizeList => Sizes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

        public override ValidationResult Validate()
        {
            try
            {
                return SizeList is { } sizes && (sizes.Count == 0 || sizes.Any(s => s < 8))
                    ? ValidationResult.Error("--sizes must be comma-separated sides of at least 8.")
                    : ValidationResult.Success();
            }
            catch (FormatException)
            {
                return ValidationResult.Error("--sizes must be comma-separated whole numbers.");
            }
        }
    }

    /// <summary>The kinds of fit the mixed soak cycles through.</summary>
    private enum Kind { Default, InrrAlone, Batched, Concurrent }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureInitialized();
        AnsiConsole.MarkupLineInterpolated($"[bold]soak[/] allocator: {TorchRuntime.AllocatorDescription}");
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

        var sizes = settings.SizeList;
        var kinds = sizes is null ? [Kind.Default, Kind.InrrAlone] : Enum.GetValues<Kind>();
        int round = sizes is null ? 1 : sizes.Count * kinds.Length; // every size with every kind once
        double startMiB = ProcessMemory.ResidentMiB(), firstRoundMiB = double.NaN;
        var clock = Stopwatch.StartNew();
        long steps = 0;
        for (int i = 0; i < settings.Fits; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = sizes is null ? settings.Size : sizes[i % sizes.Count];
            var kind = kinds[i / (sizes?.Count ?? 1) % kinds.Length];
            var progress = new SynchronousProgress<FitProgress>(_ =>
            {
                if (!settings.NoCollections)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                Interlocked.Increment(ref steps);
            });
            Run(kind, size, i, settings, progress, cancellationToken);
            double resident = ProcessMemory.ResidentMiB();
            if (i + 1 == round) firstRoundMiB = resident;
            if (settings.Csv is { } csv)
            {
                bool header = !File.Exists(csv);
                using var w = File.AppendText(csv);
                if (header) w.WriteLine("label,fit,seconds,size,kind,resident_mib");
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{settings.Label},{i},{clock.Elapsed.TotalSeconds:F1},{size},{kind},{resident:F0}"));
            }
            if ((i + 1) % 50 == 0)
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{i + 1} fits, {steps} steps, {clock.Elapsed.TotalSeconds:F0} s, resident {resident:F0} MiB"));
        }
        stop.Cancel();
        allocator.Join();
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green]clean[/]: {settings.Fits} fits, {steps} steps{(settings.NoCollections ? "" : " with a full collection after each")}, {Interlocked.Read(ref garbage) >> 30} GiB allocated beside them, " +
            $"{clock.Elapsed.TotalSeconds:F0} s; resident {startMiB:F0} MiB at the start, {firstRoundMiB:F0} MiB after the first round, {ProcessMemory.ResidentMiB():F0} MiB at the end."));
        return 0;
    }

    private static void Run(Kind kind, int size, int seed, Settings settings, IProgress<FitProgress> progress, CancellationToken token)
    {
        var picture = SyntheticImage.Facade(size, size, seed % 3 == 0 ? 3 : 1);
        CompletionOptions Options(CompletionOptions preset, int threads) => preset with
        {
            Steps = settings.Steps, ReferencePixels = 0, LogInterval = 1, Threads = threads, Seed = seed, CaptureAdjacency = false,
        };
        Mask MaskOf(int s) => MaskFactory.Random(size, size, 0.4, seed: s);
        // Every regulariser and the guided default's prior, blend and averaging: each step exercises them all.
        var everyRegularizer = CompletionOptions.Fast with
        {
            Regularizers = [new InrrOptions(), new TotalVariationOptions(), new WeightDecayOptions(), new AirOptions(), new CosineDirichletOptions()],
        };
        switch (kind)
        {
            case Kind.Default:
                // Above 256 INRR alone: the default's classical fills of a whole 512 x 512 picture take minutes on one core.
                Fit(Options(size <= 256 ? CompletionOptions.Guided with { OutputAveraging = 0.5 } : CompletionOptions.Fast, settings.Threads), seed);
                break;
            case Kind.InrrAlone:
                // AIR's k x k parameters make it a small-picture regulariser: INRR alone above 64.
                Fit(Options(size <= 64 ? everyRegularizer : CompletionOptions.Fast, settings.Threads), seed);
                break;
            case Kind.Batched:
                // The default batched up to 128 (where batching pays); above, INRR alone: three guides at 512 take minutes.
                var pictures = Enumerable.Range(0, 3).Select(b => new BatchPicture(MaskOf(seed + b).Apply(picture), MaskOf(seed + b))).ToList();
                var preset = size <= 128 ? CompletionOptions.Guided : CompletionOptions.Fast;
                new BatchCompletionFitter(Options(preset, settings.Threads)).Fit(pictures, null, token);
                break;
            case Kind.Concurrent:
                // As ML.NET's ConcurrentRows runs rows: fits side by side, the threads split between them.
                int threads = Math.Max(1, settings.Threads / 2);
                Parallel.For(0, 2, b => Fit(Options(CompletionOptions.Fast, threads), seed + b));
                break;
        }

        void Fit(CompletionOptions options, int maskSeed)
        {
            var mask = MaskOf(maskSeed);
            new CompletionFitter(options).Fit(mask.Apply(picture), mask, truth: null, progress, token);
        }
    }
}
