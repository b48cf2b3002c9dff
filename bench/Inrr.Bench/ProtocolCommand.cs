using System.ComponentModel;
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
/// Runs the reference protocol of docs/method.md: baboon and the paper's non-uniform mask at 128 or 256 pixels,
/// the paper's SIREN and INRR settings, vanilla vs INRR, and logs whole-image PSNR, hole PSNR, hole NMAE and SSIM
/// of the raw network output (as the reference computes them), seconds per step and resident memory.
/// </summary>
internal sealed class ProtocolCommand : Command<ProtocolCommand.Settings>
{
    public sealed class Settings : SharedDataSettings
    {
        [CommandOption("--size")]
        [Description("Image side: 128 or 256 (the protocol files exist at these sizes). Default 128.")]
        public int Size { get; init; } = 128;

        [CommandOption("--steps")]
        [Description("Steps per method. Default 3000.")]
        public int Steps { get; init; } = 3000;

        [CommandOption("--source")]
        [Description("protocol: the exact pixels the reference fits (data/protocol); original: baboon.bmp + mask.png through Inrr.NET's own loading and resizing. Default protocol.")]
        public string Source { get; init; } = "protocol";

        [CommandOption("--methods")]
        [Description("Comma-separated: vanilla, inrr. Default vanilla,inrr.")]
        public string Methods { get; init; } = "vanilla,inrr";

        [CommandOption("--preset")]
        [Description("Paper (default) or Fast.")]
        public CompletionPreset Preset { get; init; } = CompletionPreset.Paper;

        [CommandOption("--log-every")]
        [Description("Steps between two logged rows. Default 100.")]
        public int LogEvery { get; init; } = 100;

        [CommandOption("--seed")]
        [Description("Seed. Default 0.")]
        public int Seed { get; init; }

        [CommandOption("--label")]
        [Description("Name of this configuration in the CSV file names. Default: the preset.")]
        public string? Label { get; init; }

        [CommandOption("--width")]
        [Description("Override: SIREN width.")]
        public int? Width { get; init; }

        [CommandOption("--layers")]
        [Description("Override: SIREN sine layers.")]
        public int? Layers { get; init; }

        [CommandOption("--lr")]
        [Description("Override: representation learning rate.")]
        public double? LearningRate { get; init; }

        [CommandOption("--first-omega")]
        [Description("Override: SIREN first-layer w0.")]
        public double? FirstOmega { get; init; }

        [CommandOption("--inrr-weight")]
        [Description("Override: INRR eta for rows and columns.")]
        public double? InrrWeight { get; init; }

        [CommandOption("--inrr-lr")]
        [Description("Override: INRR psi learning rate.")]
        public double? InrrLearningRate { get; init; }

        [CommandOption("--coarse-fraction")]
        [Description("Override: fraction of the steps on the coarse grid (coarse-to-fine).")]
        public double? CoarseFraction { get; init; }

        [CommandOption("--schedule")]
        [Description("Override: Constant or Cosine.")]
        public LearningRateSchedule? Schedule { get; init; }

        [CommandOption("--final-lr")]
        [Description("Override: final learning-rate fraction of the cosine schedule.")]
        public double? FinalLearningRateFraction { get; init; }

        [CommandOption("--averaging")]
        [Description("Override: output moving-average decay.")]
        public double? Averaging { get; init; }

        [CommandOption("--holdout")]
        [Description("Override: held-out fraction of observed pixels.")]
        public double? Holdout { get; init; }

        [CommandOption("--checkpoint-every")]
        [Description("Steps between two checkpoints of each method's fit, saved next to its CSV log (.checkpoint); the same command run again resumes from them and keeps the log's rows before the resumed step, so a killed run loses at most this many steps. Delete the checkpoint after changing the engine. 0: none. Default 0.")]
        public int CheckpointEvery { get; init; }

        [CommandOption("--out")]
        [Description("Folder for the CSV logs. Default out/bench.")]
        public string Out { get; init; } = "out/bench";

        public override ValidationResult Validate()
        {
            if (Size is not (128 or 256)) return ValidationResult.Error("--size must be 128 or 256.");
            if (Source is not ("protocol" or "original")) return ValidationResult.Error("--source must be protocol or original.");
            if (Steps <= 0) return ValidationResult.Error("--steps must be positive.");
            if (LogEvery <= 0) return ValidationResult.Error("--log-every must be positive.");
            if (CheckpointEvery < 0) return ValidationResult.Error("--checkpoint-every must be 0 (none) or positive.");
            var unknown = MethodList.Where(m => m is not ("vanilla" or "inrr")).ToList();
            return unknown.Count > 0 ? ValidationResult.Error($"Unknown method(s) in --methods: {string.Join(", ", unknown)}.") : ValidationResult.Success();
        }

        public IReadOnlyList<string> MethodList => Methods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string data = SharedDataFolder.Locate(settings.Data);
        var (truth, mask) = LoadInputs(data, settings);
        TorchRuntime.EnsureInitialized();
        Directory.CreateDirectory(settings.Out);
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]protocol[/] {settings.Size}x{settings.Size} ({settings.Source}), {mask.ObservedCount} of {mask.Values.Length} observed, {settings.Steps} steps, {settings.Threads} threads, allocator: {TorchRuntime.AllocatorDescription}");

        var summary = new List<(string Method, CompletionResult Result)>();
        foreach (string method in settings.MethodList)
        {
            var options = BuildOptions(settings, method);
            string label = settings.Label ?? settings.Preset.ToString().ToLowerInvariant();
            string csv = Path.Combine(settings.Out, $"protocol-{settings.Size}-{settings.Source}-{label}-{method}.csv");
            AnsiConsole.WriteLine($"  {method}: {options.Describe()}");
            var checkpoint = settings.CheckpointEvery > 0 ? new FitCheckpoint(Path.ChangeExtension(csv, ".checkpoint"), settings.CheckpointEvery) : null;
            int? resumeStep = checkpoint is null ? null : FitCheckpoint.ResumeStep(checkpoint.Path);
            if (resumeStep is int resumed) AnsiConsole.WriteLine($"  {method}: resuming at step {resumed} from {checkpoint!.Path}");
            using var log = new ProtocolLog(csv, resumeStep);
            var progress = new SynchronousProgress<FitProgress>(p =>
            {
                log.Write(p);
                if (p.Step % (settings.LogEvery * 5) == 0 || p.Step == settings.Steps - 1)
                    AnsiConsole.WriteLine(log.Describe(method, p));
            });
            var result = new CompletionFitter(options).Fit(mask.Apply(truth), mask, truth, progress, cancellationToken, checkpoint);
            summary.Add((method, result));
            AnsiConsole.MarkupLineInterpolated($"  {method}: {result.TimePerStep.TotalSeconds:F3} s/step, log {csv}");
        }
        PrintSummary(summary, settings.Steps);
        return 0;
    }

    /// <summary>The preset with the command line's overrides applied.</summary>
    private static CompletionOptions BuildOptions(Settings s, string method)
    {
        var preset = CompletionOptions.FromPreset(s.Preset);
        var siren = (Inrr.Torch.Representations.SirenOptions)preset.Representation;
        siren = siren with
        {
            HiddenWidth = s.Width ?? siren.HiddenWidth,
            HiddenLayers = s.Layers ?? siren.HiddenLayers,
            LearningRate = s.LearningRate ?? siren.LearningRate,
            FirstOmega = s.FirstOmega ?? siren.FirstOmega,
        };
        var inrr = (Inrr.Torch.Regularizers.InrrOptions)preset.Regularizers.Single();
        inrr = inrr with
        {
            RowWeight = s.InrrWeight ?? inrr.RowWeight,
            ColumnWeight = s.InrrWeight ?? inrr.ColumnWeight,
            LearningRate = s.InrrLearningRate ?? inrr.LearningRate,
        };
        return preset with
        {
            Steps = s.Steps,
            LogInterval = s.LogEvery,
            Threads = s.Threads,
            Seed = s.Seed,
            Representation = siren,
            Regularizers = method == "vanilla" ? [] : [inrr],
            CaptureAdjacency = false,
            CoarseFraction = s.CoarseFraction ?? preset.CoarseFraction,
            LearningRateSchedule = s.Schedule ?? preset.LearningRateSchedule,
            FinalLearningRateFraction = s.FinalLearningRateFraction ?? preset.FinalLearningRateFraction,
            OutputAveraging = s.Averaging ?? preset.OutputAveraging,
            HoldoutFraction = s.Holdout ?? preset.HoldoutFraction,
        };
    }

    private static (ImageData Truth, Mask Mask) LoadInputs(string data, Settings s) => s.Source == "protocol"
        ? (ImageIO.Load(Path.Combine(data, "protocol", $"baboon{s.Size}.png")),
           MaskFactory.FromFile(Path.Combine(data, "protocol", $"mask{s.Size}.png")))
        : (ImageIO.LoadResized(Path.Combine(data, "images", "baboon.bmp"), s.Size, s.Size),
           MaskFactory.FromFile(Path.Combine(data, "masks", "mask.png"), s.Size, s.Size));

    /// <summary>Whole PSNR / hole NMAE at the reference's checkpoints, the best hole NMAE and where it was.</summary>
    private static void PrintSummary(List<(string Method, CompletionResult Result)> runs, int steps)
    {
        int[] checkpoints = new[] { 500, 1000, 2000, 3000, 5000, 10000 }.Where(c => c < steps).Append(steps - 1).Distinct().ToArray();
        var table = new Table().AddColumn("step");
        foreach (var (method, _) in runs) table.AddColumn($"{method}: PSNR / hole PSNR / hole NMAE / SSIM");
        foreach (int step in checkpoints)
        {
            var cells = new List<string> { step.ToString(CultureInfo.InvariantCulture) };
            foreach (var (_, result) in runs)
            {
                var p = result.History.LastOrDefault(h => h.Step <= step);
                cells.Add(p?.Metrics is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m.Psnr:F2} / {m.PsnrHoles:F2} / {m.NmaeHoles:F4} / {m.Ssim:F4}") : "-");
            }
            table.AddRow(cells.ToArray());
        }
        var best = new List<string> { "best NMAE" };
        foreach (var (_, result) in runs)
        {
            var b = result.History.Where(h => h.Metrics is not null).MinBy(h => h.Metrics!.NmaeHoles)!;
            best.Add(string.Create(CultureInfo.InvariantCulture, $"{b.Metrics!.NmaeHoles:F4} at step {b.Step}"));
        }
        table.AddRow(best.ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// A CSV row per logged step, flushed as it goes so a long run can be read while it runs. A resumed fit keeps the
    /// rows of the steps before <c>resumeStep</c> (those after it are run again) and appends.
    /// </summary>
    private sealed class ProtocolLog : IDisposable
    {
        private const string Header = "step,elapsed_s,s_per_step,loss,psnr,psnr_holes,nmae_holes,ssim,observed_mse,rss_mb,raw_psnr_holes,raw_nmae_holes";
        private readonly StreamWriter writer;
        private FitProgress? previous;

        public ProtocolLog(string path, int? resumeStep)
        {
            var kept = resumeStep is int resume && File.Exists(path)
                ? File.ReadLines(path).Skip(1).Where(line => int.Parse(line.Split(',')[0], CultureInfo.InvariantCulture) < resume).ToList()
                : [];
            writer = new StreamWriter(path, append: false, Encoding.UTF8) { AutoFlush = true };
            writer.WriteLine(Header);
            foreach (string line in kept) writer.WriteLine(line);
        }

        public void Write(FitProgress p)
        {
            double perStep = previous is null ? p.Elapsed.TotalSeconds / (p.Step + 1)
                : (p.Elapsed - previous.Elapsed).TotalSeconds / (p.Step - previous.Step);
            previous = p;
            var m = p.Metrics!;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Step},{p.Elapsed.TotalSeconds:F1},{perStep:F4},{p.Loss:E4},{m.Psnr:F3},{m.PsnrHoles:F3},{m.NmaeHoles:F5},{m.Ssim:F5},{p.ObservedMse:E4},{ProcessMemory.ResidentMiB():F0},{p.RawMetrics?.PsnrHoles:F3},{p.RawMetrics?.NmaeHoles:F5}"));
        }

        public string Describe(string method, FitProgress p) => string.Create(CultureInfo.InvariantCulture,
            $"  {method,-8} step {p.Step,6}  PSNR {p.Metrics!.Psnr:F2}  hole PSNR {p.Metrics.PsnrHoles:F2}  hole NMAE {p.Metrics.NmaeHoles:F4}  SSIM {p.Metrics.Ssim:F4}  {p.Elapsed.TotalSeconds / (p.Step + 1):F3} s/step  RSS {ProcessMemory.ResidentMiB():F0} MB");

        public void Dispose() => writer.Dispose();
    }
}

/// <summary>Reports on the fitting thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
