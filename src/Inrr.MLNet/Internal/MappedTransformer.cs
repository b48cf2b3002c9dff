using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>
/// What every public Inrr transformer delegates to: the fitted saveable chain (see <see cref="PersistentMapping"/>)
/// plus the transform's own input-schema check, which runs first so that errors name the user's columns instead of
/// the temporary ones.
/// </summary>
internal sealed class MappedTransformer
{
    private readonly TransformerChain<ITransformer> _chain;
    private readonly Action<DataViewSchema> _checkInput;

    public MappedTransformer(TransformerChain<ITransformer> chain, Action<DataViewSchema> checkInput)
    {
        _chain = chain;
        _checkInput = checkInput;
    }

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        _checkInput(inputSchema);
        return _chain.GetOutputSchema(inputSchema);
    }

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _checkInput(input.Schema);
        return _chain.Transform(input);
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        _checkInput(inputSchema);
        return ((ITransformer)_chain).GetRowToRowMapper(inputSchema);
    }

    /// <summary>Saves the chain in the transformer's place: that chain is what a loaded model contains.</summary>
    public void Save(ModelSaveContext context) => ((ICanSaveModel)_chain).Save(context);
}
