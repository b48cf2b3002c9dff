using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;
using Inrr.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// The quality matrix: every picture x mask x size through every method in one run on the same inputs (classical
/// inpainting, vanilla SIREN, INRR, the default), with hole NMAE, hole PSNR, SSIM and seconds per case; writes
/// matrix.csv (one row per case and method) and matrix.md (tables and the default's wins and losses).
/// </summary>
internal sealed class MatrixCommand : Command<MatrixCommand.Settings>
{
    public sealed class Settings : SharedDataSettings
    {
        [CommandOption("--sizes")]
        [Description("Comma-separated square sides. Default 128,256.")]
        public string Sizes { get; init; } = "128,256";

        [CommandOption("--images")]
        [Description("Comma-separated: baboon, cameraman, boats (from the shared data folder), facade (built in). Default all four.")]
        public string Images { get; init; } = "baboon,cameraman,boats,facade";

        [CommandOption("--masks")]
        [Description("Comma-separated: paper (the paper's mask.png), random50, random70, text, blocks, strokes. Default all six.")]
        public string Masks { get; init; } = "paper,random50,random70,text,blocks,strokes";

        [CommandOption("--methods")]
        [Description("Comma-separated: telea, ns, fsr (Frequency Selective Reconstruction), vanilla (Fast without regulariser), inrr (Fast), default, or NAME=FILE.json (any CompletionOptions). Default telea,ns,fsr,vanilla,inrr,default.")]
        public string Methods { get; init; } = "telea,ns,fsr,vanilla,inrr,default";

        [CommandOption("--merge")]
        [Description("Comma-separated matrix.csv files of earlier runs: their rows of cases this run measures, for methods it does not run, join matrix.md (INRR Fast takes hours per size and does not change with the default). Default none.")]
        public string? Merge { get; init; }

        [CommandOption("--out")]
        [Description("Output folder for matrix.csv and matrix.md. Default out/matrix.")]
        public string Out { get; init; } = "out/matrix";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string data = SharedDataFolder.Locate(settings.Data);
        var sizes = Split(settings.Sizes).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var methods = Split(settings.Methods).Select(m => ParseMethod(m, settings.Threads)).ToArray();
        Directory.CreateDirectory(settings.Out);
        string csvPath = Path.Combine(settings.Out, "matrix.csv");
        var rows = new List<MatrixRow>();
        AnsiConsole.WriteLine($"Allocator: {AllocatorDescriptionAfterInit()}; threads {settings.Threads}; {Environment.ProcessorCount} cores");
        foreach (var method in methods) AnsiConsole.WriteLine($"  {method.Name}: {method.Options.Describe()}");

        var failures = new List<string>();
        foreach (int size in sizes)
            foreach (string image in Split(settings.Images))
            {
                var truth = LoadImage(data, image, size);
                foreach (string maskName in Split(settings.Masks))
                {
                    var mask = LoadMask(data, maskName, size);
                    var observed = mask.Apply(truth);
                    foreach (var method in methods)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var clock = Stopwatch.StartNew();
                        CompletionResult result;
                        try
                        {
                            result = new CompletionFitter(method.Options).Fit(observed, mask, truth);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // One case's failure (a native error inside libtorch ended a whole 256 run once) must not
                            // lose the cases after it: record it, say so at the end, and go on.
                            var failure = $"{size} {image} {maskName} {method.Name}: {e.GetType().Name}: {e.Message.Split('\n')[0]}";
                            failures.Add(failure);
                            AnsiConsole.WriteLine($"FAILED {failure}");
                            continue;
                        }
                        clock.Stop();
                        var metrics = ImageMetrics.Evaluate(result.Completed, truth, mask);
                        // The network's own estimate before any classical blend (the last logged step measured it).
                        var network = result.Blend is null ? null : result.History.LastOrDefault()?.Metrics;
                        var row = new MatrixRow(size, image, maskName, mask.MissingFraction, method.Name, metrics, clock.Elapsed.TotalSeconds, result.Blend, network);
                        rows.Add(row);
                        AnsiConsole.WriteLine(row.Describe());
                        File.WriteAllText(csvPath, MatrixRow.Csv(rows)); // rewritten per case: a long run keeps what it measured
                    }
                }
            }
        var measured = rows.Select(r => (r.Size, r.Image, r.Mask)).ToHashSet();
        var names = methods.Select(m => m.Name).ToHashSet();
        var merged = Split(settings.Merge ?? "").SelectMany(MatrixRow.ReadCsv)
            .Where(r => !names.Contains(r.Method) && measured.Contains((r.Size, r.Image, r.Mask)))
            .DistinctBy(r => (r.Size, r.Image, r.Mask, r.Method)).ToList();
        var all = rows.Concat(merged).ToList();
        string[] columns = [.. all.Select(r => r.Method).Distinct().OrderBy(m => Array.IndexOf(ColumnOrder, m) is var i && i < 0 ? int.MaxValue : i)];
        var markdown = MatrixReport.Markdown(all, columns);
        if (failures.Count > 0)
            markdown += Environment.NewLine + "**Cases that failed** (not in the tables above):" + Environment.NewLine + Environment.NewLine
                + string.Concat(failures.Select(f => $"- {f}{Environment.NewLine}"));
        File.WriteAllText(Path.Combine(settings.Out, "matrix.md"), markdown);
        AnsiConsole.WriteLine($"Wrote {csvPath} and matrix.md");
        if (failures.Count == 0) return 0;
        AnsiConsole.WriteLine($"{failures.Count} case(s) failed: {string.Join("; ", failures)}");
        return 1;
    }

    private static string AllocatorDescriptionAfterInit()
    {
        TorchRuntime.EnsureInitialized();
        return TorchRuntime.AllocatorDescription;
    }

    /// <summary>The report's column order for the built-in methods; options files' names come after, as given.</summary>
    private static readonly string[] ColumnOrder = ["telea", "ns", "fsr", "vanilla", "inrr", "default"];

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record NamedMethod(string Name, CompletionOptions Options);

    private static NamedMethod ParseMethod(string spec, int threads)
    {
        var fast = CompletionOptions.Fast with { Threads = threads };
        if (spec.Contains('='))
        {
            var (name, file) = (spec[..spec.IndexOf('=')], spec[(spec.IndexOf('=') + 1)..]);
            var options = JsonSerializer.Deserialize<CompletionOptions>(File.ReadAllText(file))
                ?? throw new InvalidDataException($"{file} holds no CompletionOptions.");
            return new NamedMethod(name, options with { Threads = threads });
        }
        return spec switch
        {
            "telea" => new(spec, CompletionOptions.Telea),
            "ns" => new(spec, CompletionOptions.NavierStokes),
            "fsr" => new(spec, CompletionOptions.FrequencySelective),
            "vanilla" => new(spec, fast with { Regularizers = [] }),
            "inrr" => new(spec, fast),
            "default" => new(spec, CompletionOptions.Guided with { Threads = threads }),
            _ => throw new ArgumentException($"Unknown method '{spec}' in --methods: telea, ns, fsr, vanilla, inrr, default or NAME=FILE.json."),
        };
    }

    internal static ImageData LoadImage(string data, string name, int size) => name switch
    {
        "facade" => SyntheticImage.Facade(size, size),
        "baboon" => ImageIO.LoadResized(Path.Combine(data, "images", "baboon.bmp"), size, size),
        "cameraman" => ImageIO.LoadResized(Path.Combine(data, "images", "Cameraman.jpg"), size, size),
        "boats" => ImageIO.LoadResized(Path.Combine(data, "images", "boats.bmp"), size, size),
        _ => throw new ArgumentException($"Unknown image '{name}' in --images: baboon, cameraman, boats, facade."),
    };

    private static Mask LoadMask(string data, string name, int size) => name switch
    {
        // The reference's own resized masks where they exist (exact pixels), else mask.png resized by the engine.
        "paper" => File.Exists(Path.Combine(data, "protocol", $"mask{size}.png"))
            ? MaskFactory.FromFile(Path.Combine(data, "protocol", $"mask{size}.png"))
            : MaskFactory.FromFile(Path.Combine(data, "masks", "mask.png"), size, size),
        "random50" => MaskFactory.Random(size, size, 0.5, seed: 1),
        "random70" => MaskFactory.Random(size, size, 0.7, seed: 1),
        "text" => MaskFactory.Text(size, size, "INRR FILLS THE GAPS IN 2026"),
        "blocks" => MaskFactory.Blocks(size, size, 0.08, seed: 1),
        "strokes" => MaskFactory.Strokes(size, size, 0.1, seed: 1),
        _ => throw new ArgumentException($"Unknown mask '{name}' in --masks: paper, random50, random70, text, blocks, strokes."),
    };
}

/// <summary>One case (picture, mask, size) under one method.</summary>
internal sealed record MatrixRow(int Size, string Image, string Mask, double MissingFraction, string Method, MetricSet Metrics, double Seconds,
    FillBlend? Blend, MetricSet? Network)
{
    public string Describe() =>
        FormattableString.Invariant($"{Size,4} {Image,-10} {Mask,-9} {Method,-10} NMAE {Metrics.NmaeHoles:F4}  PSNR {Metrics.PsnrHoles:F2} dB  SSIM {Metrics.Ssim:F4}  {Seconds,7:F1} s")
        + (Blend is null ? "" : FormattableString.Invariant($"  blend net {Blend.Network:F2} ns {Blend.NavierStokes:F2} telea {Blend.Telea:F2} fsr {Blend.FrequencySelective:F2} low-rank {Blend.LowRank:F2} (r {Blend.LowRankRank}), groups {Blend.Strata}, cross-checked gain {Blend.CrossCheckedGain:E2} +- {Blend.CrossCheckedGainError:E2}{(Blend.Gated ? " gated" : "")}"))
        + (Network is null ? "" : FormattableString.Invariant($"  (network alone NMAE {Network.NmaeHoles:F4}, PSNR {Network.PsnrHoles:F2})"));

    public static string Csv(IEnumerable<MatrixRow> rows)
    {
        var text = new StringBuilder("size,image,mask,missing,method,hole_nmae,hole_psnr,ssim,psnr,seconds,blend_network,blend_ns,blend_telea,blend_fsr,blend_lowrank,lowrank_rank,network_hole_nmae,network_hole_psnr,blend_gain,blend_gain_se,blend_gated,blend_groups\n");
        foreach (var r in rows)
            text.AppendLine(FormattableString.Invariant(
                $"{r.Size},{r.Image},{r.Mask},{r.MissingFraction:F4},{r.Method},{r.Metrics.NmaeHoles:F5},{r.Metrics.PsnrHoles:F3},{r.Metrics.Ssim:F4},{r.Metrics.Psnr:F3},{r.Seconds:F2},{r.Blend?.Network:F3},{r.Blend?.NavierStokes:F3},{r.Blend?.Telea:F3},{r.Blend?.FrequencySelective:F3},{r.Blend?.LowRank:F3},{r.Blend?.LowRankRank},{r.Network?.NmaeHoles:F5},{r.Network?.PsnrHoles:F3},{r.Blend?.CrossCheckedGain:E4},{r.Blend?.CrossCheckedGainError:E4},{r.Blend?.Gated},{r.Blend?.Strata}"));
        return text.ToString();
    }

    /// <summary>
    /// The rows of a matrix.csv written by this command (any version: columns are found by name). Only what the report
    /// uses comes back: the metrics in the file (RMSE is not written: NaN), the seconds and the blend's weights (its
    /// held-out error is not written: NaN; files from before FSR have no FSR weight: 0).
    /// </summary>
    public static IEnumerable<MatrixRow> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty: expected a matrix.csv with a header.");
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i && i >= 0 ? i
            : throw new InvalidDataException($"{path} has no column '{name}': not a matrix.csv of this command.");
        int size = Column("size"), image = Column("image"), mask = Column("mask"), missing = Column("missing"), method = Column("method"),
            nmae = Column("hole_nmae"), holePsnr = Column("hole_psnr"), ssim = Column("ssim"), psnr = Column("psnr"), seconds = Column("seconds");
        int Optional(string name) => Array.IndexOf(header, name);
        int network = Optional("blend_network"), ns = Optional("blend_ns"), telea = Optional("blend_telea"), fsr = Optional("blend_fsr"),
            lowRank = Optional("blend_lowrank"), rank = Optional("lowrank_rank"), groups = Optional("blend_groups");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            double Weight(int i) => i < 0 ? 0 : D(i);
            var blend = network < 0 || f[network].Length == 0 ? null
                : new FillBlend(D(network), Weight(ns), Weight(telea), Weight(fsr), Weight(lowRank),
                    rank < 0 ? 0 : int.Parse(f[rank], CultureInfo.InvariantCulture), double.NaN,
                    Strata: groups < 0 || f[groups].Length == 0 ? 1 : int.Parse(f[groups], CultureInfo.InvariantCulture));
            yield return new MatrixRow(int.Parse(f[size], CultureInfo.InvariantCulture), f[image], f[mask], D(missing), f[method],
                new MetricSet(D(psnr), D(holePsnr), D(nmae), double.NaN, double.NaN, D(ssim)), D(seconds), blend, null);
        }
    }
}

/// <summary>The matrix as Markdown: one table per size, then the default against the best classical method and INRR.</summary>
internal static class MatrixReport
{
    public static string Markdown(IReadOnlyList<MatrixRow> rows, string[] methods)
    {
        var md = new StringBuilder();
        foreach (var size in rows.Select(r => r.Size).Distinct())
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {size} x {size}: hole NMAE / hole PSNR (dB) / SSIM / seconds").AppendLine();
            bool blends = rows.Any(r => r.Size == size && r.Blend is not null);
            md.AppendLine("| image | mask | missing | " + string.Join(" | ", methods) + (blends ? " | blend: network / NS / Telea / FSR / low-rank (rank, activity groups)" : "") + " |");
            md.AppendLine("|---|---|---|" + string.Concat(methods.Select(_ => "---|")) + (blends ? "---|" : ""));
            foreach (var group in rows.Where(r => r.Size == size).GroupBy(r => (r.Image, r.Mask)))
            {
                double bestNmae = group.Min(r => r.Metrics.NmaeHoles);
                md.Append(CultureInfo.InvariantCulture, $"| {group.Key.Image} | {group.Key.Mask} | {group.First().MissingFraction:P0} |");
                foreach (var m in methods)
                {
                    var r = group.FirstOrDefault(x => x.Method == m);
                    if (r is null) { md.Append(" |"); continue; }
                    string nmae = FormattableString.Invariant($"{r.Metrics.NmaeHoles:F4}");
                    if (r.Metrics.NmaeHoles == bestNmae) nmae = $"**{nmae}**";
                    md.Append(FormattableString.Invariant($" {nmae} / {r.Metrics.PsnrHoles:F2} / {r.Metrics.Ssim:F3} / {r.Seconds:F1} |"));
                }
                if (blends && group.Select(x => x.Blend).OfType<FillBlend>().FirstOrDefault() is { } b)
                    md.Append(FormattableString.Invariant($" {b.Network:F2} / {b.NavierStokes:F2} / {b.Telea:F2} / {b.FrequencySelective:F2} / {b.LowRank:F2} ({b.LowRankRank}){(b.Strata > 1 ? $", {b.Strata} groups" : "")} |"));
                else if (blends) md.Append(" |");
                md.AppendLine();
            }
            md.AppendLine();
        }
        md.Append(Comparison(rows, "default", ["telea", "ns"], "the better of Telea and Navier-Stokes"));
        if (methods.Contains("fsr")) md.Append(Comparison(rows, "default", ["telea", "ns", "fsr"], "the best classical method (Telea, Navier-Stokes, Frequency Selective Reconstruction)"));
        md.Append(Comparison(rows, "default", ["inrr"], "INRR (Fast)"));
        return md.ToString();
    }

    /// <summary>A signed change as "+1.2%" / "-0.4%"; one that rounds to zero as "0.0%" (not "-+0.0%").</summary>
    private static string Percent(double change) => Math.Round(change, 3).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    /// <summary>Per case the challenger's hole NMAE against the best of <paramref name="rivals"/>: wins, losses, mean change.</summary>
    private static string Comparison(IReadOnlyList<MatrixRow> rows, string challenger, string[] rivals, string rivalName)
    {
        var cases = rows.GroupBy(r => (r.Size, r.Image, r.Mask))
            .Select(g => (Case: g.Key, Mine: g.FirstOrDefault(r => r.Method == challenger),
                          Best: g.Where(r => rivals.Contains(r.Method)).MinBy(r => r.Metrics.NmaeHoles)))
            .Where(c => c.Mine is not null && c.Best is not null)
            .ToList();
        if (cases.Count == 0) return "";
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"**{challenger} vs {rivalName}** ({cases.Count} cases; hole NMAE change, negative = {challenger} better):").AppendLine();
        md.AppendLine("| size | masks | cases | wins (NMAE) | worse by > 1 % | PSNR at least theirs | mean NMAE change | worst case |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        static bool Random((int Size, string Image, string Mask) c) => c.Mask.StartsWith("random", StringComparison.Ordinal);
        static bool Photo((int Size, string Image, string Mask) c) => c.Image != "facade"; // the built-in picture is synthetic
        foreach (var (label, filter) in new (string, Func<(int Size, string Image, string Mask), bool>)[]
                 {
                     ("all", _ => true), ("random", Random), ("structured", c => !Random(c)),
                     ("photos, all", Photo), ("photos, random", c => Photo(c) && Random(c)), ("photos, structured", c => Photo(c) && !Random(c)),
                 })
            foreach (var size in cases.Select(c => c.Case.Size).Distinct().Append(0))
            {
                var subset = cases.Where(c => filter(c.Case) && (size == 0 || c.Case.Size == size)).ToList();
                if (subset.Count == 0) continue;
                var change = subset.Select(c => c.Mine!.Metrics.NmaeHoles / c.Best!.Metrics.NmaeHoles - 1).ToList();
                var worst = subset.Zip(change).MaxBy(p => p.Second);
                md.AppendLine(FormattableString.Invariant(
                    $"| {(size == 0 ? "both" : size.ToString(CultureInfo.InvariantCulture))} | {label} | {subset.Count} | {change.Count(c => c < 0)} | {change.Count(c => c > 0.01)} | {subset.Count(c => c.Mine!.Metrics.PsnrHoles >= c.Best!.Metrics.PsnrHoles)} | {Percent(change.Average())} | {worst.First.Case.Image}/{worst.First.Case.Mask}@{worst.First.Case.Size} {Percent(worst.Second)} |"));
            }
        md.AppendLine();
        return md.ToString();
    }
}
