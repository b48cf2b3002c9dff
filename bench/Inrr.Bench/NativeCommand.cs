using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// Colour photos at their own resolution (2560 x 1600, and a 6000 x 4000 picture built from them) through the default,
/// completed in windows, and the classical fills on the whole photo, side by side: hole NMAE, hole PSNR, seconds, peak
/// resident memory of each run (the peak is reset before each), and the windows' count. Writes native.csv and native.md.
/// </summary>
internal sealed class NativeCommand : Command<NativeCommand.Settings>
{
    public sealed class Settings : SharedDataSettings
    {
        [CommandOption("--photos")]
        [Description("Comma-separated photos of the shared data's photos/ folder, by the start of their name, or 'big' (6000 x 4000 built from all three). Default water,cups,path.")]
        public string Photos { get; init; } = "water,cups,path";

        [CommandOption("--masks")]
        [Description("Comma-separated: caption (a line of text, 2-4 % missing), strokes, blocks, random50. Default caption.")]
        public string Masks { get; init; } = "caption";

        [CommandOption("--methods")]
        [Description("Comma-separated: telea, ns, fsr, default, or NAME=FILE.json (any CompletionOptions). Default telea,ns,fsr,default.")]
        public string Methods { get; init; } = "telea,ns,fsr,default";

        [CommandOption("--out")]
        [Description("Output folder for native.csv, native.md and the completed PNGs. Default out/native.")]
        public string Out { get; init; } = "out/native";

        [CommandOption("--save")]
        [Description("Also write each completed picture as a PNG (and the mask). Default off.")]
        public bool Save { get; init; }
    }

    private sealed record Row(string Photo, string Mask, int Height, int Width, double Missing, string Method, MetricSet Metrics, double Seconds, double PeakMiB, int Windows);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string data = SharedDataFolder.Locate(settings.Data);
        string photos = Path.Combine(data, "photos");
        if (!Directory.Exists(photos))
        {
            AnsiConsole.WriteLine($"No photos folder at {photos}: nothing to measure.");
            return 0;
        }
        Directory.CreateDirectory(settings.Out);
        TorchRuntime.EnsureInitialized();
        AnsiConsole.WriteLine($"Allocator: {TorchRuntime.AllocatorDescription}; threads {settings.Threads}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var methods = Split(settings.Methods).Select(m => (Name: m.Contains('=') ? m[..m.IndexOf('=')] : m, Options: Method(m, settings.Threads))).ToList();
        var rows = new List<Row>();
        foreach (string photo in Split(settings.Photos))
        {
            var truth = photo == "big" ? Big(photos) : ImageIO.Load(Find(photos, photo), ImageColorMode.Rgb);
            foreach (string maskName in Split(settings.Masks))
            {
                var mask = MaskFor(maskName, truth.Height, truth.Width);
                var observed = mask.Apply(truth);
                if (settings.Save) ImageIO.SavePng(new ImageData(1, mask.Height, mask.Width, mask.Values), Path.Combine(settings.Out, $"{photo}-{maskName}-mask.png"));
                foreach (var (name, options) in methods)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    GC.Collect();
                    ResetPeak();
                    var clock = Stopwatch.StartNew();
                    var result = new CompletionFitter(options).Fit(observed, mask, cancellationToken: cancellationToken);
                    clock.Stop();
                    double peak = ProcessMemory.PeakResidentMiB();
                    var metrics = ImageMetrics.Evaluate(result.Completed, truth, mask);
                    var row = new Row(photo, maskName, truth.Height, truth.Width, mask.MissingFraction, name, metrics, clock.Elapsed.TotalSeconds, peak, result.Windows.Count);
                    rows.Add(row);
                    AnsiConsole.WriteLine(FormattableString.Invariant(
                        $"{photo,-6} {maskName,-9} {truth.Width}x{truth.Height} {mask.MissingFraction:P1} {name,-8} NMAE {metrics.NmaeHoles:F4}  PSNR {metrics.PsnrHoles:F2} dB  {row.Seconds,7:F1} s  peak {peak:F0} MiB  {row.Windows} windows")
                        + (result.Windows.Count == 0 ? "" : FormattableString.Invariant(
                            $" (each {result.Windows.Average(w => w.Elapsed.TotalSeconds):F1} s on average, at most {result.Windows.Max(w => w.Elapsed.TotalSeconds):F1} s; {result.Windows.Average(w => w.Bounds.Width * w.Bounds.Height) / 1000:F0}k pixels on average)")));
                    if (settings.Save) ImageIO.SavePng(result.Completed, Path.Combine(settings.Out, $"{photo}-{maskName}-{name}.png"));
                    File.WriteAllText(Path.Combine(settings.Out, "native.csv"), Csv(rows));
                }
            }
        }
        File.WriteAllText(Path.Combine(settings.Out, "native.md"), Markdown(rows));
        AnsiConsole.WriteLine($"Wrote {Path.Combine(settings.Out, "native.csv")} and native.md");
        return 0;
    }

    /// <summary>Resets the process's peak resident size (VmHWM), so each run's own peak is read (Linux; elsewhere a no-op).</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux: the peak is the process's so far
        }
    }

    private static CompletionOptions Method(string spec, int threads)
    {
        if (spec.Contains('='))
            return CompletionOptions.FromJson(File.ReadAllText(spec[(spec.IndexOf('=') + 1)..])) with { Threads = threads };
        return spec switch
        {
            "telea" => CompletionOptions.Telea,
            "ns" => CompletionOptions.NavierStokes,
            "fsr" => CompletionOptions.FrequencySelective,
            "default" => CompletionOptions.Guided with { Threads = threads },
            _ => throw new ArgumentException($"Unknown method '{spec}' in --methods: telea, ns, fsr, default or NAME=FILE.json."),
        };
    }

    private static string Find(string folder, string start) =>
        Directory.GetFiles(folder, "*.jpg").FirstOrDefault(f => Path.GetFileName(f).StartsWith(start, StringComparison.OrdinalIgnoreCase))
        ?? Directory.GetFiles(folder, "*.jpg").FirstOrDefault(f => Path.GetFileName(f).Contains(start, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No photo whose name starts with '{start}' in {folder}.");

    /// <summary>A 6000 x 4000 colour picture: the three photos side by side and mirrored below, cut to size.</summary>
    private static ImageData Big(string folder)
    {
        const int height = 4000, width = 6000;
        var sources = Directory.GetFiles(folder, "*.jpg").Order().Select(f => ImageIO.Load(f, ImageColorMode.Rgb)).ToList();
        var pixels = new float[3 * height * width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var source = sources[(x / 2560 + y / 1600) % sources.Count];
                int sx = x % 2560, sy = y % 1600;
                if ((y / 1600) % 2 == 1) sy = 1599 - sy; // mirrored, so the seams between tiles are not all alike
                for (int c = 0; c < 3; c++) pixels[(c * height + y) * width + x] = source.Pixels[(c * 1600 + sy) * 2560 + sx];
            }
        return new ImageData(3, height, width, pixels);
    }

    private static Mask MaskFor(string name, int height, int width) => name switch
    {
        "caption" => MaskFactory.Text(height, width, height > 2000 ? "A SUMMER BY THE WATER 2026" : "BY THE WATER"),
        "strokes" => MaskFactory.Strokes(height, width, 0.05, seed: 1),
        "blocks" => MaskFactory.Blocks(height, width, 0.03, seed: 1),
        "random50" => MaskFactory.Random(height, width, 0.5, seed: 1),
        _ => throw new ArgumentException($"Unknown mask '{name}' in --masks: caption, strokes, blocks, random50."),
    };

    private static string Csv(IEnumerable<Row> rows)
    {
        var text = new StringBuilder("photo,mask,height,width,missing,method,hole_nmae,hole_psnr,ssim,seconds,peak_mib,windows\n");
        foreach (var r in rows)
            text.AppendLine(FormattableString.Invariant($"{r.Photo},{r.Mask},{r.Height},{r.Width},{r.Missing:F4},{r.Method},{r.Metrics.NmaeHoles:F5},{r.Metrics.PsnrHoles:F3},{r.Metrics.Ssim:F4},{r.Seconds:F1},{r.PeakMiB:F0},{r.Windows}"));
        return text.ToString();
    }

    private static string Markdown(IReadOnlyList<Row> rows)
    {
        var methods = rows.Select(r => r.Method).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("| photo | mask | missing | " + string.Join(" | ", methods) + " |");
        text.AppendLine("|---|---|---|" + string.Concat(methods.Select(_ => "---|")));
        foreach (var group in rows.GroupBy(r => (r.Photo, r.Mask)))
        {
            var best = group.Where(r => r.Windows == 0).Select(r => r.Metrics.NmaeHoles).DefaultIfEmpty(double.NaN).Min();
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key.Photo} {group.First().Width}x{group.First().Height} | {group.Key.Mask} | {group.First().Missing:P1} |");
            foreach (var m in methods)
                text.Append(group.FirstOrDefault(r => r.Method == m) is { } r
                    ? FormattableString.Invariant($" {r.Metrics.NmaeHoles:F4} / {r.Metrics.PsnrHoles:F2} dB / {r.Seconds:F0} s / {r.PeakMiB:F0} MiB{(r.Windows > 0 ? $" / {r.Windows} windows" : "")} |")
                    : " — |");
            text.AppendLine();
        }
        text.AppendLine();
        text.AppendLine("Each cell: hole NMAE / hole PSNR / seconds / peak resident memory of the run (reset before each) / windows.");
        return text.ToString();
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
