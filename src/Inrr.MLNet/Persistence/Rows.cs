using System.ComponentModel;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Persistence;

// The row classes ML.NET's CustomMapping reads and writes inside the saved form of the Inrr transforms. They are
// public because ML.NET binds them by reflection (also in a process that only loads a model); they are not meant
// to be used directly. Column names are fixed here because a loaded CustomMapping knows only these attributes.

/// <summary>No input column (the input of the row anchor).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NoColumns
{
}

/// <summary>A constant scalar column; see <see cref="RowAnchorFactory"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class AnchorRow
{
    /// <summary>Always 0.</summary>
    [ColumnName(ColumnNames.Anchor)]
    public float Anchor;
}

/// <summary>Only the settings column (mask generation needs no other input).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SettingsRow
{
    /// <summary>The transform's settings as JSON.</summary>
    [ColumnName(ColumnNames.Settings)]
    public string Settings = "";
}

/// <summary>Settings and one pixel vector.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PixelsRow
{
    /// <summary>The transform's settings as JSON.</summary>
    [ColumnName(ColumnNames.Settings)]
    public string Settings = "";

    /// <summary>The pixel vector.</summary>
    [ColumnName(ColumnNames.Pixels)]
    public VBuffer<float> Pixels;
}

/// <summary>Settings, a pixel vector and a mask vector.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PixelsAndMaskRow
{
    /// <summary>The transform's settings as JSON.</summary>
    [ColumnName(ColumnNames.Settings)]
    public string Settings = "";

    /// <summary>The pixel vector.</summary>
    [ColumnName(ColumnNames.Pixels)]
    public VBuffer<float> Pixels;

    /// <summary>The mask vector (1 = observed, 0 = missing).</summary>
    [ColumnName(ColumnNames.Mask)]
    public VBuffer<float> Mask;
}

/// <summary>Settings and a file path.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PathRow
{
    /// <summary>The transform's settings as JSON.</summary>
    [ColumnName(ColumnNames.Settings)]
    public string Settings = "";

    /// <summary>The path.</summary>
    [ColumnName(ColumnNames.Path)]
    public string Path = "";
}

/// <summary>The outputs of image completion.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CompletionRow
{
    /// <summary>Observed pixels as given, holes filled.</summary>
    [ColumnName(ColumnNames.Completed)]
    public VBuffer<float> Completed;

    /// <summary>The representation's output everywhere.</summary>
    [ColumnName(ColumnNames.Raw)]
    public VBuffer<float> Raw;

    /// <summary>Empty, or why this row could not be completed.</summary>
    [ColumnName(ColumnNames.Error)]
    public string Error = "";
}

/// <summary>A mask vector.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MaskRow
{
    /// <summary>1 = observed, 0 = missing, row-major.</summary>
    [ColumnName(ColumnNames.Mask)]
    public VBuffer<float> Mask;
}

/// <summary>A pixel vector.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutputPixelsRow
{
    /// <summary>The pixels.</summary>
    [ColumnName(ColumnNames.Output)]
    public VBuffer<float> Output;
}

/// <summary>An image.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageRow
{
    /// <summary>The image, or null when there is none.</summary>
    [ColumnName(ColumnNames.Image)]
    [AnySizeImage]
    public MLImage? Image;
}

/// <summary>The pixels of an image file and why it could not be loaded.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoadedPixelsRow
{
    /// <summary>The pixels, or a vector without values when the file could not be loaded.</summary>
    [ColumnName(ColumnNames.Pixels)]
    public VBuffer<float> Pixels;

    /// <summary>Empty, or why the image could not be loaded.</summary>
    [ColumnName(ColumnNames.Error)]
    public string Error = "";
}
