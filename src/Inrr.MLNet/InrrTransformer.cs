using Inrr.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet;

/// <summary>
/// What every fitted Inrr transform has in common: it delegates to a saveable chain of standard ML.NET transforms
/// that carries its options (see the README's "ML.NET pipelines" section), maps row to row and is lazy: work
/// happens when rows are read.
/// </summary>
/// <typeparam name="TOptions">The options of the estimator that made the transformer.</typeparam>
public abstract class InrrTransformer<TOptions> : ITransformer
    where TOptions : class
{
    private readonly MappedTransformer _mapped;

    private protected InrrTransformer(MappedTransformer mapped, TOptions options)
    {
        _mapped = mapped;
        Options = options;
    }

    /// <summary>The options as fitted (derived classes hand out copies).</summary>
    private protected TOptions Options { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _mapped.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _mapped.GetRowToRowMapper(inputSchema);

    /// <summary>Adds the output columns; lazy: rows are processed when they are read.</summary>
    public IDataView Transform(IDataView input) => Wrap(input, _mapped.Transform(input));

    /// <summary>What a transform adds around its lazy output (nothing by default).</summary>
    private protected virtual IDataView Wrap(IDataView input, IDataView output) => output;

    void ICanSaveModel.Save(ModelSaveContext ctx) => _mapped.Save(ctx);
}
