using System.ComponentModel;
namespace Inrr.MLNet.Persistence;

/// <summary>
/// The fixed names of the temporary columns that Inrr transforms use inside their saved form. They all start with
/// <c>Inrr.Internal.</c>, are dropped before a transform's output is visible, and may not appear in input data.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ColumnNames
{
    /// <summary>A constant scalar the settings column is computed from.</summary>
    public const string Anchor = "Inrr.Internal.Anchor";

    /// <summary>The transform's settings as JSON text.</summary>
    public const string Settings = "Inrr.Internal.Settings";

    /// <summary>An input pixel vector.</summary>
    public const string Pixels = "Inrr.Internal.Pixels";

    /// <summary>An input or output mask vector.</summary>
    public const string Mask = "Inrr.Internal.Mask";

    /// <summary>The completed pixel vector.</summary>
    public const string Completed = "Inrr.Internal.Completed";

    /// <summary>The raw representation output.</summary>
    public const string Raw = "Inrr.Internal.Raw";

    /// <summary>A per-row error message (empty when the row succeeded).</summary>
    public const string Error = "Inrr.Internal.Error";

    /// <summary>An output pixel vector.</summary>
    public const string Output = "Inrr.Internal.Output";

    /// <summary>An output image.</summary>
    public const string Image = "Inrr.Internal.Image";

    /// <summary>An input file path.</summary>
    public const string Path = "Inrr.Internal.Path";
}
