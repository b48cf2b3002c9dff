using System.Globalization;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Metrics;

// Minimal demo: a built-in picture with text over it, completed by vanilla SIREN and by SIREN + INRR.
string output = args.Length > 1 && args[0] == "demo" ? args[1] : "out/demo";
if (args.Length > 0 && args[0] != "demo")
{
    Console.Error.WriteLine("usage: inrr demo [output-folder]");
    return 2;
}

const int size = 96;
var truth = SyntheticImage.Facade(size, size);
var mask = MaskFactory.Text(size, size, "INRR FILLS THE GAPS");
var observed = mask.Apply(truth);
Directory.CreateDirectory(output);
ImageIO.SavePng(truth, Path.Combine(output, "truth.png"));
ImageIO.SavePng(observed, Path.Combine(output, "masked.png"));
Console.WriteLine($"demo: {size}x{size} synthetic facade, text mask with {mask.MissingFraction:P1} missing -> {Path.GetFullPath(output)}");

var baseOptions = CompletionOptions.Fast with { Steps = 600, LogInterval = 100 };
foreach (var (name, options) in new[] { ("vanilla", baseOptions with { Regularizers = [] }), ("inrr", baseOptions) })
{
    var progress = new Progress<FitProgress>(p => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-8} step {p.Step,5}  loss {p.Loss:E3}  hole PSNR {p.Metrics!.PsnrHoles:F2} dB  hole NMAE {p.Metrics.NmaeHoles:F4}")));
    var result = new CompletionFitter(options).Fit(observed, mask, truth, progress);
    var m = ImageMetrics.Evaluate(result.Completed, truth, mask);
    ImageIO.SavePng(result.Completed, Path.Combine(output, $"completed-{name}.png"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-8} PSNR {m.Psnr:F2} dB, hole PSNR {m.PsnrHoles:F2} dB, hole NMAE {m.NmaeHoles:F4}, SSIM {m.Ssim:F4}, {result.TimePerStep.TotalMilliseconds:F0} ms/step"));
}
return 0;
