using Inrr.Torch.Representations;

namespace Inrr.Cli.Specs;

/// <summary>
/// What <c>--representation</c> says: <c>siren[:LAYERSxWIDTH]</c>, <c>fourier[:LAYERSxWIDTH]</c>,
/// <c>inrz[:LAYERSxWIDTH]</c> (the paper's INR-Z) or <c>dmf[:DEPTH]</c>. Applied on top of the preset: the same kind keeps the preset's settings (its learning
/// rate, say) and changes only what the spec names; another kind starts from that kind's defaults.
/// </summary>
internal sealed record RepresentationSpec(string Kind, int? Layers, int? Width, int? Depth)
{
    /// <summary>The accepted forms, for error messages and help.</summary>
    public const string Forms = "siren, siren:LAYERSxWIDTH (e.g. siren:4x128), fourier, fourier:LAYERSxWIDTH, inrz, inrz:LAYERSxWIDTH, dmf, dmf:DEPTH";

    /// <exception cref="FormatException">The text is not a valid spec.</exception>
    public static RepresentationSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        string kind = (colon >= 0 ? text[..colon] : text).Trim().ToLowerInvariant();
        string? body = colon >= 0 ? text[(colon + 1)..].Trim() : null;
        switch (kind)
        {
            case "siren" or "fourier" or "inrz":
                if (body is null) return new RepresentationSpec(kind, null, null, null);
                var parts = body.ToLowerInvariant().Split('x');
                if (parts.Length != 2)
                    throw new FormatException($"Expected {kind}:LAYERSxWIDTH (example: {kind}:4x128), got '{text}'.");
                int layers = MaskSpec.ParseInteger(parts[0], "The number of layers", $"{kind}:4x128");
                int width = MaskSpec.ParseInteger(parts[1], "The layer width", $"{kind}:4x128");
                if (layers < 1 || width < 1)
                    throw new FormatException($"Layers and width must be positive, got '{text}' (example: {kind}:4x128).");
                return new RepresentationSpec(kind, layers, width, null);
            case "dmf":
                if (body is null) return new RepresentationSpec(kind, null, null, null);
                int depth = MaskSpec.ParseInteger(body, "The depth", "dmf:3");
                if (depth < 2) throw new FormatException($"The depth of dmf must be 2 or more, got {depth} (example: dmf:3).");
                return new RepresentationSpec(kind, null, null, depth);
            default:
                throw new FormatException($"Unknown representation '{text}'. Use one of: {Forms}.");
        }
    }

    /// <summary>The representation options: <paramref name="preset"/>'s when of the same kind, changed as the spec says.</summary>
    public RepresentationOptions ApplyTo(RepresentationOptions preset)
    {
        switch (Kind)
        {
            case "siren":
                var siren = preset as SirenOptions ?? new SirenOptions();
                return siren with { HiddenLayers = Layers ?? siren.HiddenLayers, HiddenWidth = Width ?? siren.HiddenWidth };
            case "fourier":
                var fourier = preset as FourierFeatureOptions ?? new FourierFeatureOptions();
                return fourier with { HiddenLayers = Layers ?? fourier.HiddenLayers, HiddenWidth = Width ?? fourier.HiddenWidth };
            case "inrz":
                // INR-Z of the preset's SIREN (its width, depth and learning rate), or the paper's.
                var inrz = preset as InrZOptions ?? (preset is SirenOptions presetSiren ? new InrZOptions { Network = presetSiren } : new InrZOptions());
                return inrz with { Network = inrz.Network with { HiddenLayers = Layers ?? inrz.Network.HiddenLayers, HiddenWidth = Width ?? inrz.Network.HiddenWidth } };
            default:
                var dmf = preset as DeepMatrixFactorizationOptions ?? new DeepMatrixFactorizationOptions();
                return dmf with { Depth = Depth ?? dmf.Depth };
        }
    }
}
