using Inrr.MLNet.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>
/// Builds the saveable form of every Inrr transform out of public, saveable ML.NET transforms.
/// </summary>
/// <remarks>
/// ML.NET 5 lets only its own assemblies define transformers that save their own state (LoadableClass,
/// ModelLoadContext and the transformer base classes are internal). The public route, <c>CustomMapping</c> with a
/// <see cref="Microsoft.ML.Transforms.CustomMappingFactoryAttributeAttribute"/> factory, saves only a contract name
/// and re-creates the mapping from a parameterless factory, so it cannot remember options, column names or sizes.
/// <para>
/// The settings therefore travel in the data. Each transform is saved as this chain of ordinary transforms:
/// </para>
/// <list type="number">
/// <item><c>CustomMapping</c> "Inrr.RowAnchor": a constant scalar column, because ML.NET's expression transform needs a
/// scalar input column and the user's data may have none.</item>
/// <item><c>Expression</c>: <c>anchor => "{settings JSON}"</c>, a constant text column. The expression text, and so the
/// JSON, is stored in the model file by ML.NET itself.</item>
/// <item><c>CopyColumns</c>: the user's input columns to the fixed names the mapping's row class reads (a loaded
/// <c>CustomMapping</c> only knows the names written on its row class).</item>
/// <item><c>CustomMapping</c> with the transform's own contract: reads the settings column and the inputs.</item>
/// <item><c>CopyColumns</c>: the fixed output names to the user's output columns.</item>
/// <item><c>DropColumns</c>: every temporary column.</item>
/// </list>
/// <para>
/// <c>mlContext.Model.Save</c> and <c>Load</c> then round-trip the transform with plain ML.NET calls; ML.NET records the
/// factory's assembly (Inrr.MLNet) in the model and loads it by name. Live and loaded models run the same mapping
/// code on the same settings string. What a loaded model does not keep is a declared vector size: a loaded
/// <c>CustomMapping</c> types its outputs from the row class alone, so they become variable-length vectors.
/// </para>
/// </remarks>
internal static class PersistentMapping
{
    /// <summary>Prefix of every temporary column; input columns may not use it.</summary>
    public const string InternalPrefix = "Inrr.Internal.";

    /// <summary>
    /// A built chain with what went into it: the settings JSON its rows carry and the object whose method maps
    /// them (the live transformer talks to it, e.g. to attach a monitor).
    /// </summary>
    public sealed record Blueprint(EstimatorChain<ITransformer> Chain, string SettingsJson, object? Mapping);

    /// <summary>Builds the chain. <paramref name="outputDefinition"/> declares live output types (sizes) or is null.</summary>
    public static Blueprint Build<TSrc, TDst>(
        TransformsCatalog catalog,
        string settingsJson,
        IReadOnlyList<(string Source, string Internal)> inputs,
        IReadOnlyList<(string Internal, string Destination)> outputs,
        Action<TSrc, TDst> mapping,
        string contractName,
        SchemaDefinition? outputDefinition)
        where TSrc : class, new()
        where TDst : class, new()
    {
        var chain = new EstimatorChain<ITransformer>()
            .Append<ITransformer>(catalog.CustomMapping<NoColumns, AnchorRow>(RowAnchorFactory.Map, RowAnchorFactory.ContractName))
            .Append<ITransformer>(catalog.Expression(ColumnNames.Settings, "anchor => " + ToExpressionLiteral(settingsJson), ColumnNames.Anchor));
        foreach (var (source, internalName) in inputs)
            chain = chain.Append<ITransformer>(catalog.CopyColumns(internalName, source));
        chain = chain.Append<ITransformer>(catalog.CustomMapping(mapping, contractName, null, outputDefinition));
        foreach (var (internalName, destination) in outputs)
            chain = chain.Append<ITransformer>(catalog.CopyColumns(destination, internalName));

        var temporaries = new List<string> { ColumnNames.Anchor, ColumnNames.Settings };
        temporaries.AddRange(inputs.Select(i => i.Internal));
        temporaries.AddRange(SchemaDefinition.Create(typeof(TDst), SchemaDefinition.Direction.Write).Select(c => c.ColumnName));
        return new Blueprint(chain.Append<ITransformer>(catalog.DropColumns(temporaries.Distinct().ToArray())), settingsJson, mapping.Target);
    }

    /// <summary>A string literal of ML.NET's expression language (C-like escapes for backslash and quote).</summary>
    internal static string ToExpressionLiteral(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
