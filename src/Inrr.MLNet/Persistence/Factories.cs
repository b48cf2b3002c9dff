using System.ComponentModel;
using Inrr.MLNet.Internal;
using Microsoft.ML.Transforms;

namespace Inrr.MLNet.Persistence;

// One factory per contract: what ML.NET instantiates (parameterless) when it loads a saved model. Each returns a
// fresh mapping object, which reads its settings from the settings column of every row. The contract names carry
// a version so that a future incompatible settings format can live next to this one.

/// <summary>Loads the constant anchor column of the Inrr transforms' saved form.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RowAnchorFactory : CustomMappingFactory<NoColumns, AnchorRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.RowAnchor.v1";

    /// <summary>Writes the constant 0.</summary>
    public static void Map(NoColumns input, AnchorRow output) => output.Anchor = 0;

    /// <inheritdoc />
    public override Action<NoColumns, AnchorRow> GetMapping() => Map;
}

/// <summary>Loads <see cref="ImageCompletionTransformer"/>'s mapping.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageCompletionFactory : CustomMappingFactory<PixelsAndMaskRow, CompletionRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.ImageCompletion.v1";

    /// <inheritdoc />
    public override Action<PixelsAndMaskRow, CompletionRow> GetMapping() => new ImageCompletionMapping().Map;
}

/// <summary>Loads <see cref="MaskGeneratingTransformer"/>'s mapping.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MaskGenerationFactory : CustomMappingFactory<SettingsRow, MaskRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.MaskGeneration.v1";

    /// <inheritdoc />
    public override Action<SettingsRow, MaskRow> GetMapping() => new MaskGenerationMapping().Map;
}

/// <summary>Loads <see cref="MaskExtractingTransformer"/>'s mapping.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MaskExtractionFactory : CustomMappingFactory<PixelsRow, MaskRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.MaskExtraction.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, MaskRow> GetMapping() => new MaskExtractionMapping().Map;
}

/// <summary>Loads <see cref="MaskApplyingTransformer"/>'s mapping.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MaskApplicationFactory : CustomMappingFactory<PixelsAndMaskRow, OutputPixelsRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.MaskApplication.v1";

    /// <inheritdoc />
    public override Action<PixelsAndMaskRow, OutputPixelsRow> GetMapping() => new MaskApplicationMapping().Map;
}

/// <summary>Loads <see cref="PixelsToImageConvertingTransformer"/>'s mapping.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PixelsToImageFactory : CustomMappingFactory<PixelsRow, ImageRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.PixelsToImage.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, ImageRow> GetMapping() => new PixelsToImageMapping().Map;
}

/// <summary>Loads <see cref="ImagePixelLoadingTransformer"/>'s mapping.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImagePixelLoadingFactory : CustomMappingFactory<PathRow, LoadedPixelsRow>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "Inrr.ImagePixelLoading.v1";

    /// <inheritdoc />
    public override Action<PathRow, LoadedPixelsRow> GetMapping() => new ImagePixelLoadingMapping().Map;
}
