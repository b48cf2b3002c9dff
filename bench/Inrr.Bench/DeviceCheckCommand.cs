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
using static TorchSharp.torch;

namespace Inrr.Bench;

/// <summary>
/// The GPU check (bench/gpu-check.sh runs it): the same fits on the CPU and on a CUDA device — the default and INRR
/// alone, every regulariser once — with their metrics, seconds and the largest pixel difference side by side. It
/// fails (exit 1) when a device fit is not finite, differs from the CPU fit by more than float rounding can explain,
/// or when the device is not there.
/// </summary>
internal sealed class DeviceCheckCommand : Command<DeviceCheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--device")]
        [Description("The device checked against the CPU. Default cuda.")]
        public string Device { get; init; } = "cuda";

        [CommandOption("--size")]
        [Description("Picture side. Default 128.")]
        public int Size { get; init; } = 128;

        [CommandOption("--threads")]
        [Description("CPU threads of the CPU fits. Default: half the cores.")]
        public int Threads { get; init; } = TorchRuntime.DefaultThreads;

        [CommandOption("--tolerance")]
        [Description("The largest hole-NMAE difference accepted between the devices (float rounding over hundreds of steps). Default 0.005.")]
        public double Tolerance { get; init; } = 0.005;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureInitialized();
        AnsiConsole.MarkupLine($"CUDA available: {cuda.is_available()}, devices: {(cuda.is_available() ? cuda.device_count() : 0)}; allocator: {TorchRuntime.AllocatorDescription}");
        try
        {
            TorchRuntime.ResolveDevice(settings.Device, "--device");
        }
        catch (DeviceUnavailableException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
        int n = settings.Size;
        var truth = SyntheticImage.Facade(n, n, 1);
        var mask = MaskFactory.Random(n, n, 0.5, seed: 1);
        var cases = new (string Name, CompletionOptions Options)[]
        {
            ("default (guided)", CompletionOptions.Guided with { CaptureAdjacency = false }),
            ("INRR alone (fast), 300 steps", CompletionOptions.Fast with { Steps = 300, CaptureAdjacency = false }),
            ("every regulariser, 50 steps", CompletionOptions.Fast with
            {
                Steps = 50, CaptureAdjacency = false,
                Regularizers = [new InrrOptions(), new TotalVariationOptions(), new WeightDecayOptions(), new AirOptions(), new CosineDirichletOptions()],
            }),
            ("DMF + INRR, 100 steps", CompletionOptions.Fast with
            {
                Steps = 100, CaptureAdjacency = false, Representation = new Inrr.Torch.Representations.DeepMatrixFactorizationOptions(),
            }),
        };
        var table = new Table().AddColumns("case", "device", "hole NMAE", "hole PSNR", "seconds", "max |pixel difference|");
        bool ok = true;
        foreach (var (name, options) in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cpu = Run(options with { Device = TorchRuntime.CpuDevice, Threads = settings.Threads }, truth, mask);
            var device = Run(options with { Device = settings.Device }, truth, mask);
            double difference = cpu.Result.Completed.Pixels.Zip(device.Result.Completed.Pixels, (a, b) => Math.Abs((double)a - b)).Max();
            bool finite = device.Result.Completed.Pixels.All(float.IsFinite);
            bool close = Math.Abs(cpu.Metrics.NmaeHoles - device.Metrics.NmaeHoles) <= settings.Tolerance;
            ok &= finite && close;
            table.AddRow(name, "cpu", F(cpu.Metrics.NmaeHoles), F(cpu.Metrics.PsnrHoles), F(cpu.Seconds), "");
            table.AddRow("", settings.Device, F(device.Metrics.NmaeHoles), F(device.Metrics.PsnrHoles), F(device.Seconds),
                (finite && close ? "" : "[red]") + F(difference) + (finite && close ? "" : " (too far)[/]"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(ok ? $"[green]{settings.Device} matches the CPU on every case[/] (hole NMAE within {settings.Tolerance})."
            : $"[red]{settings.Device} does not match the CPU[/]: see the marked rows.");
        return ok ? 0 : 1;
    }

    private static (CompletionResult Result, Inrr.Torch.Metrics.MetricSet Metrics, double Seconds) Run(CompletionOptions options, ImageData truth, Mask mask)
    {
        var clock = Stopwatch.StartNew();
        var result = new CompletionFitter(options).Fit(mask.Apply(truth), mask);
        clock.Stop();
        return (result, Inrr.Torch.Metrics.ImageMetrics.Evaluate(result.Completed, truth, mask), clock.Elapsed.TotalSeconds);
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
