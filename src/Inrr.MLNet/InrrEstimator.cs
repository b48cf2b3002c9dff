using Inrr.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// What every Inrr estimator has in common: its options are copied (and checked by the derived class) when it is
/// made; <see cref="GetOutputSchema"/> and <see cref="Fit"/> check the input columns, naming them, before anything
/// else; fitting learns nothing from the rows, it fixes the image layout (where the transform has one) and builds the
/// saveable chain of standard ML.NET transforms (see the README's "ML.NET pipelines" section); the transformer checks
/// every later input against that layout.
/// </summary>
/// <typeparam name="TOptions">The estimator's options.</typeparam>
/// <typeparam name="TTransformer">What <see cref="Fit"/> makes.</typeparam>
public abstract class InrrEstimator<TOptions, TTransformer> : IEstimator<TTransformer>
    where TOptions : class
    where TTransformer : ITransformer
{
    private protected InrrEstimator(TransformsCatalog catalog, TOptions options, Func<TOptions, TOptions> copy)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        Catalog = catalog;
        _copy = copy;
        _options = copy(options);
    }

    private readonly Func<TOptions, TOptions> _copy;

    /// <summary>The options as checked (a copy).</summary>
    public TOptions GetOptions() => _copy(_options);

    /// <summary>The catalog the estimator was made from (its MLContext).</summary>
    private protected TransformsCatalog Catalog { get; }

    /// <summary>The estimator's own copy of the options (a field: derived estimators name their options type Options, as ML.NET's do).</summary>
    private protected readonly TOptions _options;

    /// <summary>Checks names, item types and vector kinds of the input columns; returns the schema with the added columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.CheckNoReservedColumns(inputSchema);
        return Build(CheckShape(inputSchema)).Chain.GetOutputSchema(inputSchema);
    }

    /// <summary>Checks the input schema including sizes and fixes the image layout; processes no row yet (transforms are lazy).</summary>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layout = Check(input.Schema, fitted: null);
        var blueprint = Build(layout);
        var chain = blueprint.Chain.Fit(input);
        return CreateTransformer(new MappedTransformer(chain, schema => Check(schema, layout)), chain, blueprint, layout);
    }

    private PixelLayout? Check(DataViewSchema schema, PixelLayout? fitted)
    {
        SchemaChecks.CheckNoReservedColumns(schema);
        return CheckSchema(schema, fitted);
    }

    /// <summary>
    /// Checks the estimator's input columns in a schema shape and gives the layout to build with: a placeholder
    /// (sizes are not part of a SchemaShape) that gives the outputs the right vector kind; null where there is none.
    /// </summary>
    private protected abstract PixelLayout? CheckShape(SchemaShape inputSchema);

    /// <summary>
    /// Checks the estimator's input columns, sizes included, and gives the image layout (null where the transform has
    /// none); with <paramref name="fitted"/>, checks a later input against the layout fixed at fit time.
    /// </summary>
    private protected abstract PixelLayout? CheckSchema(DataViewSchema schema, PixelLayout? fitted);

    /// <summary>The saveable chain for a layout (see <see cref="PersistentMapping"/>).</summary>
    private protected abstract PersistentMapping.Blueprint Build(PixelLayout? layout);

    /// <summary>The transformer around the fitted chain.</summary>
    private protected abstract TTransformer CreateTransformer(MappedTransformer mapped, TransformerChain<ITransformer> chain,
        PersistentMapping.Blueprint blueprint, PixelLayout? layout);
}
