using System.ComponentModel;
using System.Globalization;
using System.Text;
using Inrr.Reporting;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Metrics;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// The paper's denoising task on the shared pictures: vanilla SIREN, TV and INRR (the Fast network, the same seed and
/// steps) at two noise levels. Per case: PSNR/SSIM at the step each method chose (held-out noisy pixels), the best PSNR
/// any logged step reached and the last step's PSNR: the gap between best and last is the over-fitting to the noise.
/// Writes denoise.md (the table) and one report folder per case (its curves.png shows the story).
/// </summary>
internal sealed class DenoiseCommand : Command<DenoiseCommand.Settings>
{
    public sealed class Settings : SharedDataSettings
    {
        [CommandOption("--size")]
        [Description("Square side. Default 128.")]
        public int Size { get; init; } = 128;

        [CommandOption("--sigmas")]
        [Description("Comma-separated noise standard deviations (0..1 units). Default 0.1,0.2.")]
        public string Sigmas { get; init; } = "0.1,0.2";

        [CommandOption("--images")]
        [Description("Comma-separated: baboon, cameraman, boats. Default all three.")]
        public string Images { get; init; } = "baboon,cameraman,boats";

        [CommandOption("--steps")]
        [Description("Steps per fit. Default 1000 (the Fast preset's).")]
        public int Steps { get; init; } = 1000;

        [CommandOption("--out")]
        [Description("Output folder. Default out/denoise-bench.")]
        public string Out { get; init; } = "out/denoise-bench";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string data = SharedDataFolder.Locate(settings.Data);
        TorchRuntime.EnsureInitialized();
        var sigmas = settings.Sigmas.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var baseOptions = CompletionOptions.Fast with { Steps = settings.Steps, HoldoutFraction = 0.1, Threads = settings.Threads, LogInterval = 10, CaptureAdjacency = false };
        var methods = new (string Label, CompletionOptions Options)[]
        {
            ("vanilla", baseOptions with { Regularizers = [] }),
            ("tv", baseOptions with { Regularizers = [new TotalVariationOptions()] }),
            ("inrr", baseOptions),
        };
        Directory.CreateDirectory(settings.Out);
        var table = new StringBuilder();
        table.AppendLine($"| image | sigma | noisy PSNR | {string.Join(" | ", methods.Select(m => $"{m.Label}: chosen / best (step) / last PSNR, SSIM"))} |");
        table.AppendLine($"|---|---|---|{string.Concat(methods.Select(_ => "---|"))}");
        AnsiConsole.MarkupLine($"Allocator: {TorchRuntime.AllocatorDescription}; threads {settings.Threads}; {Environment.ProcessorCount} cores");
        foreach (var name in settings.Images.Split(','))
        {
            var clean = MatrixCommand.LoadImage(data, name, settings.Size);
            foreach (double sigma in sigmas)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var noisy = GaussianNoise.Add(clean, sigma, seed: 0);
                var before = ImageMetrics.EvaluateWhole(noisy, clean);
                var outcomes = new List<ReportMethod>();
                var cells = new List<string>();
                foreach (var (label, options) in methods)
                {
                    var result = new CompletionFitter(options).Denoise(noisy, clean);
                    var chosen = ImageMetrics.EvaluateWhole(result.Completed, clean);
                    outcomes.Add(new ReportMethod(label, result, chosen));
                    var peak = result.History.MaxBy(h => h.Metrics!.Psnr)!;
                    var last = result.History[^1].Metrics!;
                    string cell = string.Create(CultureInfo.InvariantCulture,
                        $"{chosen.Psnr:F2} / {peak.Metrics!.Psnr:F2} ({peak.Step}) / {last.Psnr:F2}, {chosen.Ssim:F3}");
                    cells.Add(cell);
                    AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} sigma {sigma}: {label} {cell} (chosen step {result.BestStep}, {result.Elapsed.TotalSeconds:F0} s)"));
                }
                table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {sigma} | {before.Psnr:F2} | {string.Join(" | ", cells)} |"));
                DenoisingReportWriter.Write(new DenoisingReport($"denoise bench: {name}, sigma {sigma}", name, noisy, clean,
                    string.Create(CultureInfo.InvariantCulture, $"Gaussian, sigma {sigma}, seed 0"), outcomes), Path.Combine(settings.Out, $"{name}-{sigma.ToString(CultureInfo.InvariantCulture)}"));
                File.WriteAllText(Path.Combine(settings.Out, "denoise.md"), table.ToString());
            }
        }
        AnsiConsole.WriteLine(table.ToString());
        return 0;
    }
}
