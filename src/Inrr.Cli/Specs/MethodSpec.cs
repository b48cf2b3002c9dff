using System.Globalization;
using Inrr.Torch.Fitting;
using Inrr.Torch.Regularizers;

namespace Inrr.Cli.Specs;

/// <summary>
/// A completion method as <c>--regularizer</c> and <c>--methods</c> name it: the regularisers added to the
/// data term, joined by '+', each optionally with its weight: <c>none</c>, <c>inrr</c>, <c>tv:1e-3</c>,
/// <c>inrr+tv</c>. A named regulariser takes the preset's settings when the preset has one of its kind (the
/// Fast preset's INRR learns its adjacency faster than the paper's), else the engine's defaults (the
/// paper's); a weight given here replaces only the weight.
/// </summary>
/// <param name="Label">The canonical text, used as the method's name in reports and file names.</param>
/// <param name="Terms">The regularisers, in the order given.</param>
/// <param name="Method">What fills the holes: the network, or a classical OpenCV inpainting alone (telea, ns, fsr).</param>
/// <param name="Guided">Whether the network is guided by a classical fill (the <c>guide</c> term; the default's).</param>
internal sealed record MethodSpec(string Label, IReadOnlyList<RegularizerTerm> Terms,
    CompletionMethod Method = CompletionMethod.Network, bool Guided = false)
{
    /// <summary>The accepted names, for error messages and help (a constant, for the options' help attributes: the regularisers by the engine's names).</summary>
    public const string Names =
        "telea, ns, fsr (OpenCV's classical inpainting alone: Telea, Navier-Stokes, Frequency Selective Reconstruction), none, " +
        InrrOptions.KindName + ", " + AirOptions.KindName + ", " + TotalVariationOptions.KindName + ", " + WeightDecayOptions.KindName + ", " +
        CosineDirichletOptions.KindName + " (each optionally :WEIGHT), " +
        "guide (a classical fill guiding the network: prior + held-out blend), combined with +, e.g. inrr+guide or inrr+tv:1e-4";

    /// <summary>The method list the paper compares: no regulariser, TV, L2, AIR and INRR.</summary>
    public const string PaperComparison = "none,tv,l2,air,inrr";

    /// <summary>What a user comparing tools puts side by side: classical inpainting, vanilla, INRR and the default (INRR guided).</summary>
    public const string ToolComparison = "telea,ns,fsr,none,inrr,inrr+guide";

    /// <summary>True for the method without any regulariser (vanilla).</summary>
    public bool IsVanilla => Method == CompletionMethod.Network && Terms.Count == 0 && !Guided;

    /// <summary>
    /// The options for this method from <paramref name="preset"/>: a classical method alone, or the preset's network with
    /// these regularisers, guided by a classical fill only with <c>guide</c> (the preset's guide and hold-out, or the
    /// Guided preset's when it has none).
    /// </summary>
    public CompletionOptions ApplyTo(CompletionOptions preset)
    {
        if (Method != CompletionMethod.Network) return preset with { Method = Method };
        var options = preset with { Method = CompletionMethod.Network, Regularizers = Resolve(preset.Regularizers) };
        // Without the guide, also without the held-out pixels only its blend needed (an options file keeps its own).
        if (!Guided)
            return preset.ClassicalGuide is null ? options
                : options with { ClassicalGuide = null, HoldoutFraction = 0, HoldoutShape = HoldoutShape.Random };
        if (options.ClassicalGuide is not null) return options;
        var guided = CompletionOptions.Guided;
        return options with
        {
            ClassicalGuide = guided.ClassicalGuide,
            HoldoutFraction = options.HoldoutFraction > 0 ? options.HoldoutFraction : guided.HoldoutFraction,
            HoldoutShape = guided.HoldoutShape,
        };
    }

    /// <summary>The regulariser options, each starting from the preset's of its kind (see the class remarks).</summary>
    public IReadOnlyList<RegularizerOptions> Resolve(IReadOnlyList<RegularizerOptions> preset) =>
        Terms.Select(t => t.Resolve(preset)).ToList();

    /// <exception cref="FormatException">A name or weight is not valid.</exception>
    public static MethodSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new FormatException($"The method is empty. Use: {Names}.");
        var parts = text.Split('+').Select(t => t.Trim()).ToArray();
        if (parts.Length == 1 && parts[0].Equals("none", StringComparison.OrdinalIgnoreCase))
            return new MethodSpec("none", []);
        if (parts.Length == 1 && ClassicalMethods.TryGetValue(parts[0].ToLowerInvariant(), out var classical))
            return new MethodSpec(parts[0].ToLowerInvariant(), [], classical);
        var terms = new List<RegularizerTerm>();
        bool guided = false;
        foreach (var part in parts)
        {
            int colon = part.IndexOf(':');
            string name = (colon >= 0 ? part[..colon] : part).Trim().ToLowerInvariant();
            if (ClassicalMethods.ContainsKey(name))
                throw new FormatException($"'{name}' is a classical method on its own and cannot be combined (in '{text}'); use 'guide' for a network guided by a classical fill.");
            if (name == "guide")
            {
                if (colon >= 0) throw new FormatException($"'guide' takes no weight (in '{text}'); tune it with --options.");
                guided = true;
                continue;
            }
            double? weight = null;
            if (colon >= 0)
            {
                weight = MaskSpec.ParseNumber(part[(colon + 1)..], $"The weight of {name}", $"{name}:1e-4");
                if (weight < 0) throw new FormatException($"The weight of {name} must not be negative, got {part[(colon + 1)..]}.");
            }
            if (name == "none") throw new FormatException($"'none' cannot be combined with other regularisers (in '{text}').");
            if (!RegularizerTerm.Kinds.Contains(name)) throw new FormatException($"Unknown regulariser '{name}' in '{text}'. Use: {Names}.");
            terms.Add(new RegularizerTerm(name, weight));
        }
        string label = string.Join('+', terms.Select(t => t.ToString()).Append(guided ? "guide" : null).OfType<string>());
        return new MethodSpec(terms.Count == 0 && guided ? "none+guide" : label, terms, CompletionMethod.Network, guided);
    }

    private static readonly IReadOnlyDictionary<string, CompletionMethod> ClassicalMethods = new Dictionary<string, CompletionMethod>
    {
        ["telea"] = CompletionMethod.Telea,
        ["ns"] = CompletionMethod.NavierStokes,
        ["fsr"] = CompletionMethod.FrequencySelective,
    };

    /// <summary>Parses a comma-separated list; labels must be distinct (they name the report's files).</summary>
    /// <exception cref="FormatException">An entry is invalid, the list is empty, or a method repeats.</exception>
    public static IReadOnlyList<MethodSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0) throw new FormatException($"The method list is empty (example: {PaperComparison}).");
        var methods = entries.Select(Parse).ToList();
        var repeated = methods.GroupBy(m => m.Label).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new FormatException($"The method '{repeated.Key}' is listed twice.");
        return methods;
    }

    /// <summary>The label of options that did not come from a spec (a preset's, an options file's).</summary>
    public static string LabelOf(CompletionOptions options) => options.Method switch
    {
        CompletionMethod.Telea => "telea",
        CompletionMethod.NavierStokes => "ns",
        CompletionMethod.FrequencySelective => "fsr",
        _ => (options.Regularizers.Count == 0 ? "none" : string.Join('+', options.Regularizers.Select(r => r.Kind)))
             + (options.ClassicalGuide is null ? "" : "+guide"),
    };

    /// <summary>A weight as people write it: 2e-5 and 1e-4 below 0.001, else plainly (0.001, 0.5, 3), at most four digits.</summary>
    internal static string FormatWeight(double weight) =>
        weight != 0 && (Math.Abs(weight) < 1e-3 || Math.Abs(weight) >= 1e4)
            ? weight.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : weight.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Value equality over the terms (records compare lists by reference).</summary>
    public bool Equals(MethodSpec? other) =>
        other is not null && Label == other.Label && Terms.SequenceEqual(other.Terms) && Method == other.Method && Guided == other.Guided;

    /// <inheritdoc />
    public override int GetHashCode() => Label.GetHashCode(StringComparison.Ordinal);
}

/// <summary>One regulariser of a <see cref="MethodSpec"/>: its kind and, if given, its weight.</summary>
/// <param name="Kind">inrr, air, cosine, tv or l2.</param>
/// <param name="Weight">The weight (both axes for the Dirichlet energies); null keeps the preset's or default.</param>
internal sealed record RegularizerTerm(string Kind, double? Weight)
{
    /// <summary>The regulariser kinds the command line knows: the engine's table (<see cref="RegularizerOptions.Kinds"/>).</summary>
    public static IEnumerable<string> Kinds => RegularizerOptions.Kinds.Keys;

    /// <summary>The options: the preset's of this kind (or the engine's defaults) with the weight given here.</summary>
    public RegularizerOptions Resolve(IReadOnlyList<RegularizerOptions> preset)
    {
        var start = preset.FirstOrDefault(p => p.Kind == Kind) ?? RegularizerOptions.Kinds[Kind]();
        return Weight is double w ? start.WithWeight(w) : start;
    }

    /// <inheritdoc />
    public override string ToString() => Weight is double w ? $"{Kind}:{MethodSpec.FormatWeight(w)}" : Kind;
}
