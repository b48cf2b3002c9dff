using System.Globalization;
using Inrr.Torch.Fitting;

namespace Inrr.MLNet.Sample;

/// <summary>The sample's command line.</summary>
internal sealed class SampleArguments
{
    public const string Usage = """
        usage:
          Inrr.MLNet.Sample [run] [--images DIR] [--masks DIR] [--out DIR] [--size N] [--preset guided|fast|paper]
                            [--steps N] [--seed N] [--threads N] [--hidden-width N] [--hidden-layers N]
                            [--mask-text TEXT] [--vectors FILE]
          Inrr.MLNet.Sample load-model --model FILE --images DIR [--masks DIR] [--out DIR] [--vectors FILE]

          --images DIR   clean pictures to mask and complete (default: a built-in set written to OUT/inputs)
          --masks DIR    mask pictures with the same file names (white = observed); default: a text mask
          --out DIR      PNGs, model.zip and vectors go here (default out/mlnet or out/mlnet-loaded)
          --size N       pictures are resized to N x N (default 64)
          --steps N      optimisation steps per picture (default 300; 0 keeps the preset's)
          --vectors FILE write the completed pixel vectors (binary float32) for exact comparisons
        """;

    public string Mode { get; private set; } = "run";
    public bool Help { get; private set; }
    public string? Images { get; private set; }
    public string? Masks { get; private set; }
    public string? Output { get; private set; }
    public string? Model { get; private set; }
    public string? Vectors { get; private set; }
    public int Size { get; private set; } = 64;
    public int Steps { get; private set; } = 300;
    public int Seed { get; private set; }
    public int Threads { get; private set; }
    public int HiddenWidth { get; private set; }
    public int HiddenLayers { get; private set; }
    public string MaskText { get; private set; } = "INRR FILLS THE GAPS";
    public CompletionPreset Preset { get; private set; } = CompletionPreset.Guided;

    public static SampleArguments Parse(string[] args)
    {
        var a = new SampleArguments();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            a.Mode = args[0] is "run" or "load-model" ? args[0] : throw new ArgumentException($"Unknown mode '{args[0]}'.");
            i = 1;
        }
        for (; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
            {
                a.Help = true;
                continue;
            }
            if (i + 1 >= args.Length) throw new ArgumentException($"Option {name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--images": a.Images = ExistingFolder(value, name); break;
                case "--masks": a.Masks = ExistingFolder(value, name); break;
                case "--out": a.Output = value; break;
                case "--model": a.Model = File.Exists(value) ? Path.GetFullPath(value) : throw new ArgumentException($"Model file '{value}' (--model) does not exist."); break;
                case "--vectors": a.Vectors = Path.GetFullPath(value); break;
                case "--size": a.Size = Number(value, name, minimum: 16); break;
                case "--steps": a.Steps = Number(value, name, minimum: 0); break;
                case "--seed": a.Seed = Number(value, name, minimum: 0); break;
                case "--threads": a.Threads = Number(value, name, minimum: 0); break;
                case "--hidden-width": a.HiddenWidth = Number(value, name, minimum: 1); break;
                case "--hidden-layers": a.HiddenLayers = Number(value, name, minimum: 1); break;
                case "--mask-text": a.MaskText = value; break;
                case "--preset":
                    a.Preset = Enum.TryParse<CompletionPreset>(value, ignoreCase: true, out var preset) && Enum.IsDefined(preset)
                        ? preset : throw new ArgumentException($"--preset must be one of {string.Join(", ", Enum.GetNames<CompletionPreset>().Select(n => n.ToLowerInvariant()))}, not '{value}'.");
                    break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }
        return a;
    }

    private static string ExistingFolder(string value, string option) =>
        Directory.Exists(value) ? Path.GetFullPath(value) : throw new ArgumentException($"Folder '{value}' ({option}) does not exist.");

    private static int Number(string value, string option, int minimum) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= minimum
            ? n : throw new ArgumentException($"{option} must be a whole number of at least {minimum}, not '{value}'.");
}
