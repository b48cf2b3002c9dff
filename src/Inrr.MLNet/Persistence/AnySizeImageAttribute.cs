using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Inrr.MLNet.Persistence;

/// <summary>
/// Marks an <see cref="MLImage"/> field as an image column of unknown size. ML.NET's own
/// <see cref="ImageTypeAttribute"/>() without a size fails in 5.0.1 (it registers a 0 x 0 image type, which throws),
/// and an image field without any attribute has no column type at all.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class AnySizeImageAttribute : DataViewTypeAttribute
{
    /// <inheritdoc />
    public override bool Equals(DataViewTypeAttribute other) => other is AnySizeImageAttribute;

    /// <inheritdoc />
    public override int GetHashCode() => typeof(AnySizeImageAttribute).GetHashCode();

    /// <inheritdoc />
    public override void Register() => DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage), this);
}
