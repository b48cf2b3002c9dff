using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>
/// Input checks shared by the Inrr estimators (on <see cref="SchemaShape"/>: names, item types, vector kinds) and
/// transformers (on <see cref="DataViewSchema"/>: also sizes). Every message names the column and what it is for.
/// The exception type is the one ML.NET's own transforms throw for a schema mismatch.
/// </summary>
internal static class SchemaChecks
{
    public static Exception Mismatch(string message) => new ArgumentOutOfRangeException("inputSchema", message);

    public static void CheckColumnName(string? name, string argumentName)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A column name must not be null, empty or blank.", argumentName);
        if (name.StartsWith(PersistentMapping.InternalPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"Column name '{name}' is reserved: names starting with '{PersistentMapping.InternalPrefix}' are Inrr's temporary columns.", argumentName);
    }

    public static void CheckNoReservedColumns(SchemaShape shape)
    {
        foreach (var column in shape)
            if (column.Name.StartsWith(PersistentMapping.InternalPrefix, StringComparison.Ordinal))
                throw Mismatch($"Input column '{column.Name}' uses a reserved name: names starting with '{PersistentMapping.InternalPrefix}' are Inrr's temporary columns.");
    }

    public static void CheckNoReservedColumns(DataViewSchema schema)
    {
        foreach (var column in schema)
            if (!column.IsHidden && column.Name.StartsWith(PersistentMapping.InternalPrefix, StringComparison.Ordinal))
                throw Mismatch($"Input column '{column.Name}' uses a reserved name: names starting with '{PersistentMapping.InternalPrefix}' are Inrr's temporary columns.");
    }

    /// <summary>The column must exist and be a vector of Single (either kind).</summary>
    public static void RequireSingleVector(SchemaShape shape, string name, string role)
    {
        var column = Find(shape, name) ?? throw Mismatch($"Input column '{name}' ({role}) was not found.");
        if (column.ItemType != NumberDataViewType.Single || column.Kind == SchemaShape.Column.VectorKind.Scalar || column.IsKey)
            throw Mismatch($"Input column '{name}' ({role}) must be a vector of Single; it is {Describe(column)}.");
    }

    public static void RequireText(SchemaShape shape, string name, string role)
    {
        var column = Find(shape, name) ?? throw Mismatch($"Input column '{name}' ({role}) was not found.");
        if (column.ItemType != TextDataViewType.Instance || column.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw Mismatch($"Input column '{name}' ({role}) must be a text scalar; it is {Describe(column)}.");
    }

    /// <summary>The column must exist and be a vector of Single; returns its type.</summary>
    public static VectorDataViewType RequireSingleVector(DataViewSchema schema, string name, string role)
    {
        if (schema.GetColumnOrNull(name) is not { } column)
            throw Mismatch($"Input column '{name}' ({role}) was not found.");
        if (column.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single)
            throw Mismatch($"Input column '{name}' ({role}) must be a vector of Single; it is {column.Type}.");
        return vector;
    }

    public static void RequireText(DataViewSchema schema, string name, string role)
    {
        if (schema.GetColumnOrNull(name) is not { } column)
            throw Mismatch($"Input column '{name}' ({role}) was not found.");
        if (column.Type is not TextDataViewType)
            throw Mismatch($"Input column '{name}' ({role}) must be text; it is {column.Type}.");
    }

    /// <summary>The column of that name, if the shape has one.</summary>
    public static SchemaShape.Column? Find(SchemaShape shape, string name)
    {
        foreach (var column in shape)
            if (column.Name == name) return column;
        return null;
    }

    private static string Describe(SchemaShape.Column column)
    {
        string item = column.IsKey ? $"Key<{column.ItemType}>" : $"{column.ItemType}";
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => $"a scalar of {item}",
            SchemaShape.Column.VectorKind.Vector => $"a vector of {item}",
            _ => $"a variable-length vector of {item}",
        };
    }
}
